//! The people who run the admin, and their invitations (migration 0012).
//!
//! A person is added by an admin's invitation ([`Store::invite_user`]:
//! the person, with no password yet, and a one-use link, in one
//! transaction with its audit line) or by `newsdesk user add`
//! ([`Store::add_user`], with a password). Passwords arrive here already
//! hashed (Argon2id, by the web crate); the store never sees one.
//! Invitation and session tokens are likewise stored as SHA-256 hashes
//! made by the caller.
//!
//! Every change an admin makes to a person is written with its audit line
//! in one transaction ([`crate::audit`]).

use crate::audit::{Actor, AuditEntry, record_audit};
pub(crate) use crate::rows::ts;
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{Email, Role, UserId};
use serde_json::json;

/// A person who signs in to the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Their id.
    pub id: UserId,
    /// The address they sign in with.
    pub email: Email,
    /// What they may do.
    pub role: Role,
    /// When they were added.
    pub created_at: Timestamp,
    /// When an admin turned the account off; `None`: active.
    pub disabled_at: Option<Timestamp>,
    /// Whether they have set a password (an invited person has not yet).
    pub has_password: bool,
}

pub(crate) type UserRow = (i64, String, String, i64, Option<i64>, Option<String>);

/// A time (a session's last use, an invitation's end) and a [`UserRow`].
pub(crate) type TimedUserRow = (i64, i64, String, String, i64, Option<i64>, Option<String>);

pub(crate) const USER_COLUMNS: &str =
    "users.id, users.email, users.role, users.created_at, users.disabled_at, users.password_hash";

/// The person in a row, and their password hash.
pub(crate) fn user_from_row(row: UserRow) -> Result<(User, Option<String>), StoreError> {
    let (id, email, role, created_at, disabled_at, hash) = row;
    Ok((
        User {
            id: UserId(id),
            email: Email::parse(&email)
                .map_err(|e| StoreError::Corrupt(format!("user address {email:?}: {e}")))?,
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
            created_at: ts(created_at)?,
            disabled_at: disabled_at.map(ts).transpose()?,
            has_password: hash.is_some(),
        },
        hash,
    ))
}

/// What an invitation link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The person invited.
    pub user: User,
    /// When the link stops working.
    pub expires_at: Timestamp,
}

impl Store {
    /// Adds a person with a password hash (the command line's `user add`);
    /// [`StoreError::Conflict`] when the address is taken.
    pub async fn add_user(
        &self,
        email: &Email,
        role: Role,
        password_hash: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<User, StoreError> {
        self.insert_user(email, role, Some(password_hash), None, actor, now)
            .await
    }

    /// Adds a person with no password and an invitation to set one: the
    /// link's token hash works once, until `expires_at`. Audited as
    /// `user.invite`; [`StoreError::Conflict`] when the address is taken.
    pub async fn invite_user(
        &self,
        email: &Email,
        role: Role,
        token_hash: &str,
        expires_at: Timestamp,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<User, StoreError> {
        self.insert_user(
            email,
            role,
            None,
            Some((token_hash, expires_at)),
            actor,
            now,
        )
        .await
    }

    async fn insert_user(
        &self,
        email: &Email,
        role: Role,
        password_hash: Option<&str>,
        invite: Option<(&str, Timestamp)>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<User, StoreError> {
        let begin = self.begin_write();
        let kind = if invite.is_some() {
            "user.invite"
        } else {
            "user.add"
        };
        let id: Result<i64, StoreError> = with_writer!(self, "add user", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
                "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(email.as_str())
            .bind(password_hash)
            .bind(role.as_str())
            .bind(now.as_second())
            .fetch_one(&mut *tx)
            .await;
            match inserted {
                Ok(id) => {
                    if let Some((token_hash, expires_at)) = invite {
                        sqlx::query(
                            "INSERT INTO user_invites (token_hash, user_id, created_at, expires_at) \
                             VALUES ($1, $2, $3, $4)",
                        )
                        .bind(token_hash)
                        .bind(id)
                        .bind(now.as_second())
                        .bind(expires_at.as_second())
                        .execute(&mut *tx)
                        .await?;
                    }
                    let entry = AuditEntry {
                        kind,
                        subject: format!("user {id}"),
                        before: None,
                        after: Some(json!({ "email": email.as_str(), "role": role.as_str() })),
                    };
                    record_audit!(tx, now, actor, &entry)?;
                    tx.commit().await.map_err(|e| self.locate(e.into()))?;
                    Ok(id)
                }
                Err(e) if StoreError::is_unique_violation(&e) => {
                    Err(StoreError::Conflict(format!("a user with the address {email}")))
                }
                Err(e) => Err(self.locate(e.into())),
            }
        });
        let id = UserId(id?);
        self.user(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))
    }

    /// Every person, by address.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {USER_COLUMNS} FROM users ORDER BY email"
            )))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|row| user_from_row(row).map(|(user, _)| user))
            .collect()
    }

    /// How many people there are (the demo adds its admin when none).
    pub async fn count_users(&self) -> Result<u64, StoreError> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// One person.
    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
            )))
            .bind(id.0)
            .fetch_optional(pool)
            .await?
        });
        row.map(|row| user_from_row(row).map(|(user, _)| user))
            .transpose()
    }

    /// The person with this address and their password hash, for signing
    /// in; `None` when there is none.
    pub async fn user_for_sign_in(
        &self,
        email: &Email,
    ) -> Result<Option<(User, Option<String>)>, StoreError> {
        let row: Option<UserRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
            )))
            .bind(email.as_str())
            .fetch_optional(pool)
            .await?
        });
        row.map(user_from_row).transpose()
    }

    /// Gives a person another role; audited as `user.role`.
    pub async fn set_user_role(
        &self,
        id: UserId,
        role: Role,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "user role", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let before: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound(format!("user {id}")));
            };
            sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
                .bind(id.0)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
            let entry = AuditEntry {
                kind: "user.role",
                subject: format!("user {id}"),
                before: Some(json!({ "role": before })),
                after: Some(json!({ "role": role.as_str() })),
            };
            record_audit!(tx, now, actor, &entry)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Turns an account off (ending its sessions at once) or on again;
    /// audited as `user.disable` or `user.enable`.
    pub async fn set_user_disabled(
        &self,
        id: UserId,
        disabled: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "user disabled", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let before: Option<Option<i64>> =
                sqlx::query_scalar("SELECT disabled_at FROM users WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound(format!("user {id}")));
            };
            sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1")
                .bind(id.0)
                .bind(disabled.then(|| now.as_second()))
                .execute(&mut *tx)
                .await?;
            if disabled {
                sqlx::query("DELETE FROM admin_sessions WHERE user_id = $1")
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
            }
            let entry = AuditEntry {
                kind: if disabled { "user.disable" } else { "user.enable" },
                subject: format!("user {id}"),
                before: Some(json!({ "disabled": before.is_some() })),
                after: Some(json!({ "disabled": disabled })),
            };
            record_audit!(tx, now, actor, &entry)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The invitation a link's token hash names, while it still works.
    pub async fn invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<Invitation>, StoreError> {
        let row: Option<TimedUserRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT user_invites.expires_at, {USER_COLUMNS} FROM user_invites \
                 JOIN users ON users.id = user_invites.user_id \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
                 AND users.disabled_at IS NULL"
            )))
            .bind(token_hash)
            .bind(now.as_second())
            .fetch_optional(pool)
            .await?
        });
        let Some((expires_at, id, email, role, created_at, disabled_at, hash)) = row else {
            return Ok(None);
        };
        let (user, _) = user_from_row((id, email, role, created_at, disabled_at, hash))?;
        Ok(Some(Invitation {
            user,
            expires_at: ts(expires_at)?,
        }))
    }

    /// Uses an invitation: sets the person's password, once. `None` when
    /// the link no longer works (used, expired, replaced, or the person
    /// disabled). Audited as `user.password`, by the person themselves.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Option<User>, StoreError> {
        let begin = self.begin_write();
        let taken: Option<(i64, String)> = with_writer!(self, "accept invitation", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let taken: Option<(i64, String)> = sqlx::query_as(
                "UPDATE user_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
                 AND expires_at > $2 AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL) \
                 RETURNING user_id, (SELECT email FROM users WHERE users.id = user_invites.user_id)",
            )
            .bind(token_hash)
            .bind(now.as_second())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((user, email)) = &taken {
                sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                    .bind(user)
                    .bind(password_hash)
                    .execute(&mut *tx)
                    .await?;
                let actor = Actor { user: Some(UserId(*user)), name: email.clone() };
                let entry = AuditEntry {
                    kind: "user.password",
                    subject: format!("user {user}"),
                    before: None,
                    after: Some(json!({ "password": "set by invitation" })),
                };
                record_audit!(tx, now, &actor, &entry)?;
            }
            tx.commit().await?;
            taken
        });
        match taken {
            Some((id, _)) => self.user(UserId(id)).await,
            None => Ok(None),
        }
    }
}
