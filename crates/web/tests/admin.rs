//! The newsroom admin over HTTP, on SQLite and on PostgreSQL: signing in
//! and out, the lockout (on a clock the test moves), a flood of guesses,
//! form tokens, sessions bound to their host, roles, the invitation sent
//! through a real SMTP server, audited source and reader actions, the CSV
//! export, over-long fields, the news release queue (read, edit,
//! approve now or at a time, reject, place; each audited; a placed
//! release in its section's list, and nowhere else), and the stories page
//! (newest first, and a search) with its actions: unpublish and
//! republish (gone from every public page, its own answering 410), new
//! words (the old address redirects), pins to one masthead's front page,
//! another section; each audited, each refused without a current token;
//! and the mastheads page, where an admin changes a masthead's look and
//! every page (of this process and of another) shows it.

use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{CanonicalLink, FeedUrl, NewStory, Section, SourceId, Story, StoryId};
use newsdesk_domain::{Email, Masthead, MastheadSettings, Role};
use newsdesk_domain::{Flag, MastheadId, MastheadReach, ReleaseCategory, ReleaseId, ReleaseStatus};
use newsdesk_ingest::ManualClock;
use newsdesk_store::{
    Actor, AuditFilter, NewRelease, Picture, QueueFilter, ReleaseText, Store, StoryInsert,
    Submitter,
};
use newsdesk_testkit::newsroom::{seed_stories, stories_for_every_masthead, titled};
use newsdesk_testkit::{SmtpSink, TestDb};
use newsdesk_web::admin::{AdminDesk, InviteMail, password};
use newsdesk_web::{AppState, WebSettings};
use reqwest::header::{COOKIE, HOST, LOCATION, SET_COOKIE};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

newsdesk_testkit::on_both_databases!(
    signing_in_and_out,
    failures_lock_with_a_growing_wait_and_a_flood_is_refused,
    forms_need_the_sessions_token_and_this_site,
    a_session_is_refused_on_another_mastheads_host,
    an_editor_is_refused_admin_pages_and_actions,
    an_invitation_is_emailed_and_sets_a_password_once,
    source_and_reader_actions_are_audited_and_readers_export_as_csv,
    over_long_fields_are_refused_with_what_to_fix,
    the_release_queue_reads_edits_approves_rejects_and_places,
    the_stories_page_lists_newest_first_and_searches,
    an_unpublished_story_leaves_every_public_page_and_comes_back,
    an_edited_headline_moves_the_address_and_the_old_one_redirects,
    a_pinned_story_leads_only_its_mastheads_front_page,
    a_story_moves_to_another_section,
    story_actions_need_a_current_session_and_form_token,
    a_placed_release_is_listed_in_its_section_only,
    datelines_to_check_are_listed_and_marked_for_editors,
    an_admin_changes_a_mastheads_look_on_every_page_at_once,
);

const PASSWORD: &str = "harbour-lantern-copper-47";
const HOST_A: &str = "kenyastar.localhost";
const HOST_B: &str = "oceanherald.localhost";

struct Admin {
    base: String,
    port: u16,
    client: reqwest::Client,
    clock: Arc<ManualClock>,
    store: Store,
    _db: TestDb,
}

/// A masthead; Kenya Star covers Kenya, the Ocean Herald India.
fn masthead(id: &str, name: &str, host: &str) -> Masthead {
    let region = if id == "kenya-star" { "KE" } else { "IN" };
    Masthead::new(MastheadSettings {
        id: id.into(),
        name: name.into(),
        host: host.into(),
        timezone: "Africa/Nairobi".into(),
        regions: vec![region.into()],
        sections: vec!["world".into(), "business".into()],
        ..MastheadSettings::default()
    })
    .unwrap()
}

async fn start(db: TestDb, sink: Option<&SmtpSink>) -> Admin {
    let store = db.store.clone();
    let clock = Arc::new(ManualClock::new(
        Timestamp::from_second(1_764_000_000).unwrap(),
    ));
    let mail = sink.map(|sink| InviteMail {
        transport: newsdesk_mail::Transport::from_url(&format!("smtp://127.0.0.1:{}", sink.port))
            .unwrap(),
        from: "Newsroom <newsroom@kenyastar.localhost>".parse().unwrap(),
        templates: newsdesk_mail::EmailTemplates::embedded(),
    });
    let desk = AdminDesk {
        clock: clock.clone(),
        mail,
        ..AdminDesk::default()
    };
    let state = AppState::new(
        store.clone(),
        vec![
            masthead("kenya-star", "Kenya Star", HOST_A),
            masthead("ocean-herald", "Ocean Herald", HOST_B),
        ],
        WebSettings::default(),
    )
    .unwrap()
    .with_admin(desk);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        axum::serve(
            listener,
            newsdesk_web::router(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap();
    Admin {
        base: format!("http://127.0.0.1:{port}"),
        port,
        client,
        clock,
        store,
        _db: db,
    }
}

/// An answer: status, `Location`, `Set-Cookie`, body.
struct Answer {
    status: u16,
    location: String,
    cookie: String,
    body: String,
}

impl Admin {
    fn host(&self, host: &str) -> String {
        format!("{host}:{}", self.port)
    }

    async fn add(&self, email: &str, role: Role) {
        let hash = password::hash(PASSWORD).unwrap();
        self.store
            .add_user(
                &Email::parse(email).unwrap(),
                role,
                &hash,
                &Actor::command_line(),
                self.clock_now(),
            )
            .await
            .unwrap();
    }

    fn clock_now(&self) -> Timestamp {
        use newsdesk_ingest::Clock;
        self.clock.now()
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let header = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let (location, cookie) = (header(LOCATION), header(SET_COOKIE));
        Answer {
            status: response.status().as_u16(),
            location,
            cookie,
            body: response.text().await.unwrap(),
        }
    }

    async fn get(&self, path: &str, cookie: &str, host: &str) -> Answer {
        self.send(
            self.client
                .get(format!("{}{path}", self.base))
                .header(HOST, self.host(host))
                .header(COOKIE, cookie),
        )
        .await
    }

    async fn post(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Answer {
        self.send(
            self.client
                .post(format!("{}{path}", self.base))
                .header(HOST, self.host(HOST_A))
                .header(COOKIE, cookie)
                .header("sec-fetch-site", "same-origin")
                .form(fields),
        )
        .await
    }

    async fn sign_in(&self, email: &str, secret: &str) -> Answer {
        self.post(
            "/admin/login",
            "",
            &[("email", email), ("password", secret)],
        )
        .await
    }

    /// Posts an admin form of the session `cookie` with its form `token`.
    async fn act(&self, path: &str, cookie: &str, token: &str, fields: &[(&str, &str)]) -> Answer {
        let mut fields = fields.to_vec();
        fields.push(("form_token", token));
        self.post(path, cookie, &fields).await
    }

    /// Adds a person with `role` (ada@example.org, an admin, or
    /// eve@example.org, an editor) and signs them in: their cookie and
    /// form token.
    async fn signed_in(&self, role: Role) -> (String, String) {
        let email = match role {
            Role::Admin => "ada@example.org",
            Role::Editor => "eve@example.org",
        };
        self.add(email, role).await;
        self.session(email).await
    }

    /// Signs in and returns the cookie and the page's form token.
    async fn session(&self, email: &str) -> (String, String) {
        let answer = self.sign_in(email, PASSWORD).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let cookie = answer.cookie.split(';').next().unwrap().to_owned();
        let page = self.get("/admin", &cookie, HOST_A).await;
        assert_eq!(page.status, 200);
        (cookie, form_token(&page.body))
    }
}

fn form_token(page: &str) -> String {
    let start = page
        .find("name=\"form_token\" value=\"")
        .expect("a form token")
        + 25;
    page[start..].split('"').next().unwrap().to_owned()
}

async fn signing_in_and_out(db: TestDb) {
    let admin = start(db, None).await;
    admin.add("ada@example.org", Role::Admin).await;
    let before = admin.get("/admin", "", HOST_A).await;
    assert_eq!(
        (before.status, before.location.as_str()),
        (303, "/admin/login")
    );
    let login = admin.get("/admin/login", "", HOST_A).await;
    assert_eq!(login.status, 200);
    assert!(login.body.contains("Sign in"));

    let wrong = admin.sign_in("ada@example.org", "not-the-password-1").await;
    let unknown = admin.sign_in("nobody@example.org", PASSWORD).await;
    assert_eq!((wrong.status, unknown.status), (401, 401));
    let words = "That email address and password do not match an account.";
    assert!(wrong.body.contains(words) && unknown.body.contains(words));

    let right = admin.sign_in("ada@example.org", PASSWORD).await;
    assert_eq!((right.status, right.location.as_str()), (303, "/admin"));
    for part in [
        "newsdesk_admin=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/admin",
    ] {
        assert!(right.cookie.contains(part), "{}", right.cookie);
    }
    assert!(
        !right.cookie.contains("Secure"),
        "a .localhost host is served over http"
    );
    let (cookie, token) = admin.session("ada@example.org").await;
    let page = admin.get("/admin", &cookie, HOST_A).await;
    assert!(page.body.contains("Dashboard") && page.body.contains("ada@example.org"));
    assert_eq!(page.status, 200);

    let out = admin
        .post("/admin/logout", &cookie, &[("form_token", &token)])
        .await;
    assert_eq!((out.status, out.location.as_str()), (303, "/admin/login"));
    assert!(out.cookie.contains("Max-Age=0"));
    let after = admin.get("/admin", &cookie, HOST_A).await;
    assert_eq!(after.status, 303, "the session ended in the database");

    // Idle past the timeout, a session ends.
    let (cookie, _) = admin.session("ada@example.org").await;
    admin.clock.advance(SignedDuration::from_mins(61));
    assert_eq!(admin.get("/admin", &cookie, HOST_A).await.status, 303);
}

async fn failures_lock_with_a_growing_wait_and_a_flood_is_refused(db: TestDb) {
    let admin = Arc::new(start(db, None).await);
    admin.add("ada@example.org", Role::Admin).await;
    for _ in 0..6 {
        let answer = admin.sign_in("ada@example.org", "wrong-password-123").await;
        assert_eq!(answer.status, 401);
    }
    // Locked for 2 s: even the right password is not checked.
    let locked = admin.sign_in("ada@example.org", PASSWORD).await;
    assert_eq!(locked.status, 429);
    assert!(locked.body.contains("Too many failed attempts"));
    admin.clock.advance(SignedDuration::from_secs(2));
    assert_eq!(
        admin
            .sign_in("ada@example.org", "wrong-password-123")
            .await
            .status,
        401
    );
    // Now 4 s.
    admin.clock.advance(SignedDuration::from_secs(3));
    assert_eq!(admin.sign_in("ada@example.org", PASSWORD).await.status, 429);
    admin.clock.advance(SignedDuration::from_secs(1));

    // A thousand guesses within the minute, 50 at a time: once the
    // lockout is on, every one is refused; none fails the server.
    let mut statuses = std::collections::BTreeMap::new();
    for batch in 0..20 {
        let guesses = (0..50).map(|n| {
            let admin = admin.clone();
            async move {
                let guess = format!("guess-number-{batch}-{n}");
                admin.sign_in("ada@example.org", &guess).await.status
            }
        });
        for status in futures_util::future::join_all(guesses).await {
            *statuses.entry(status).or_insert(0) += 1;
        }
    }
    assert_eq!(
        statuses.keys().copied().collect::<Vec<_>>(),
        [401, 429],
        "{statuses:?}"
    );
    assert!(
        statuses[&401] <= 50,
        "checked only before the lock: {statuses:?}"
    );
    assert_eq!(statuses.values().sum::<u32>(), 1000);
    // A guess from the same client for another address is locked too.
    assert_eq!(
        admin
            .sign_in("ben@example.org", "whatever-pass-1")
            .await
            .status,
        429
    );
    admin.clock.advance(SignedDuration::from_mins(16));
    assert_eq!(admin.sign_in("ada@example.org", PASSWORD).await.status, 303);
}

async fn forms_need_the_sessions_token_and_this_site(db: TestDb) {
    let admin = start(db, None).await;
    let (old_cookie, old_token) = admin.signed_in(Role::Admin).await;
    let (cookie, token) = admin.session("ada@example.org").await;
    assert_ne!(old_token, token);
    let fields = |token: &'static str| {
        vec![
            ("email", "new@example.org"),
            ("role", "editor"),
            ("form_token", token),
        ]
    };
    let missing = admin
        .post("/admin/users/invite", &cookie, &fields("")[..2])
        .await;
    assert_eq!(missing.status, 403);
    assert!(missing.body.contains("This form has expired"));
    let stale = admin
        .post(
            "/admin/users/invite",
            &cookie,
            &[
                ("email", "new@example.org"),
                ("role", "editor"),
                ("form_token", &old_token),
            ],
        )
        .await;
    assert_eq!(stale.status, 403);
    let cross = admin
        .send(
            admin
                .client
                .post(format!("{}/admin/users/invite", admin.base))
                .header(HOST, admin.host(HOST_A))
                .header(COOKIE, &cookie)
                .header("sec-fetch-site", "cross-site")
                .form(&[
                    ("email", "new@example.org"),
                    ("role", "editor"),
                    ("form_token", token.as_str()),
                ]),
        )
        .await;
    assert_eq!(cross.status, 403);
    assert_eq!(
        admin.store.count_users().await.unwrap(),
        1,
        "nothing was done"
    );
    let done = admin
        .post(
            "/admin/users/invite",
            &cookie,
            &[
                ("email", "new@example.org"),
                ("role", "editor"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(admin.store.count_users().await.unwrap(), 2);
    // The old session still works, with its own token only.
    let old = admin
        .post("/admin/logout", &old_cookie, &[("form_token", &token)])
        .await;
    assert_eq!(old.status, 403);
}

async fn a_session_is_refused_on_another_mastheads_host(db: TestDb) {
    let admin = start(db, None).await;
    let (cookie, _) = admin.signed_in(Role::Admin).await;
    assert_eq!(admin.get("/admin/users", &cookie, HOST_A).await.status, 200);
    let elsewhere = admin.get("/admin/users", &cookie, HOST_B).await;
    assert_eq!(
        (elsewhere.status, elsewhere.location.as_str()),
        (303, "/admin/login")
    );
    let made_up = admin
        .get("/admin", "newsdesk_admin=made-up-value", HOST_A)
        .await;
    assert_eq!(made_up.status, 303);
}

async fn an_editor_is_refused_admin_pages_and_actions(db: TestDb) {
    let admin = start(db, None).await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    for path in [
        "/admin",
        "/admin/sources",
        "/admin/subscribers",
        "/admin/audit",
    ] {
        assert_eq!(admin.get(path, &cookie, HOST_A).await.status, 200, "{path}");
    }
    let page = admin.get("/admin", &cookie, HOST_A).await;
    assert!(
        !page.body.contains("href=\"/admin/users\""),
        "no link to what they cannot use"
    );
    for path in [
        "/admin/users",
        "/admin/mastheads",
        "/admin/subscribers/export.csv",
    ] {
        let refused = admin.get(path, &cookie, HOST_A).await;
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.body.contains("This page is for admins"));
    }
    for (path, fields) in [
        (
            "/admin/users/invite",
            vec![("email", "x@example.org"), ("role", "admin")],
        ),
        ("/admin/users/1/role", vec![("role", "admin")]),
        ("/admin/users/1/disabled", vec![("disabled", "yes")]),
        ("/admin/mastheads/kenya-star/look", vec![("name", "Taken")]),
        (
            "/admin/subscribers/remove",
            vec![("masthead", "kenya-star"), ("email", "r@example.org")],
        ),
    ] {
        let mut fields = fields;
        fields.push(("form_token", &token));
        assert_eq!(
            admin.post(path, &cookie, &fields).await.status,
            403,
            "{path}"
        );
    }
    let me = admin.store.users().await.unwrap();
    assert_eq!(
        me[0].role,
        Role::Editor,
        "the editor did not make themselves admin"
    );
}

async fn an_invitation_is_emailed_and_sets_a_password_once(db: TestDb) {
    let sink = SmtpSink::start();
    let admin = start(db, Some(&sink)).await;
    let (cookie, token) = admin.signed_in(Role::Admin).await;
    let sent = admin
        .post(
            "/admin/users/invite",
            &cookie,
            &[
                ("email", "ben@example.org"),
                ("role", "editor"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(sent.status, 200);
    assert!(
        sent.body.contains("Invited ben@example.org"),
        "{}",
        sent.body
    );
    let message = wait_for_message(&sink).await;
    assert!(message.contains("To: ben@example.org"));
    let start = message.find("/admin/invitation/").unwrap();
    let path: String = message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    let link = admin.get(&path, "", HOST_A).await;
    assert_eq!(link.status, 200);
    assert!(link.body.contains("ben@example.org"));
    let weak = admin
        .post(&path, "", &[("password", "short"), ("again", "short")])
        .await;
    assert_eq!(weak.status, 422);
    let unlike = admin
        .post(
            &path,
            "",
            &[
                ("password", "tide-lantern-copper-47"),
                ("again", "tide-lantern-copper-48"),
            ],
        )
        .await;
    assert_eq!(unlike.status, 422);
    let set = admin
        .post(
            &path,
            "",
            &[
                ("password", "tide-lantern-copper-47"),
                ("again", "tide-lantern-copper-47"),
            ],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        admin.get(&path, "", HOST_A).await.status,
        410,
        "a link works once"
    );
    assert_eq!(
        admin
            .sign_in("ben@example.org", "tide-lantern-copper-47")
            .await
            .status,
        303
    );
    let kinds: Vec<String> = admin
        .store
        .audit_page(&AuditFilter::default(), 10)
        .await
        .unwrap()
        .lines
        .into_iter()
        .map(|l| l.kind)
        .collect();
    assert_eq!(kinds[..2], ["user.password", "user.invite"]);
    // An expired invitation does nothing.
    let again = admin
        .post(
            "/admin/users/invite",
            &cookie,
            &[
                ("email", "cy@example.org"),
                ("role", "editor"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(again.status, 200);
    admin.clock.advance(SignedDuration::from_hours(73));
    let message = wait_for_messages(&sink, 2).await;
    let start = message.find("/admin/invitation/").unwrap();
    let path: String = message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    assert_eq!(admin.get(&path, "", HOST_A).await.status, 410);
}

async fn wait_for_message(sink: &SmtpSink) -> String {
    wait_for_messages(sink, 1).await
}

/// The `n`-th message the sink accepted (polled for up to ten seconds:
/// the sink writes it as it answers).
async fn wait_for_messages(sink: &SmtpSink, n: usize) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let files = sink.messages();
        if files.len() >= n {
            let raw = std::fs::read_to_string(&files[n - 1]).unwrap();
            // Quoted-printable soft line breaks joined.
            return raw
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=");
        }
        assert!(tokio::time::Instant::now() < deadline, "no message arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn source_and_reader_actions_are_audited_and_readers_export_as_csv(db: TestDb) {
    let admin = start(db, None).await;
    let (cookie, token) = admin.signed_in(Role::Admin).await;
    let added = admin
        .post(
            "/admin/sources",
            &cookie,
            &[
                ("url", "https://wire.example/feed.xml"),
                ("name", "Coast Wire"),
                ("section", "world"),
                ("masthead", "kenya-star"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert!(added.body.contains("Added Coast Wire"));
    let source = admin.store.sources().await.unwrap().remove(0);
    let path = format!("/admin/sources/{}/paused", source.id);
    assert_eq!(
        admin
            .post(&path, &cookie, &[("paused", "yes"), ("form_token", &token)])
            .await
            .status,
        200
    );
    let page = admin.get("/admin/sources", &cookie, HOST_A).await;
    assert!(page.body.contains("Paused") && page.body.contains("Resume"));
    let fetch = format!("/admin/sources/{}/fetch", source.id);
    assert_eq!(
        admin
            .post(&fetch, &cookie, &[("form_token", &token)])
            .await
            .status,
        200
    );
    assert_eq!(
        admin
            .post(
                "/admin/sources/9999/fetch",
                &cookie,
                &[("form_token", &token)]
            )
            .await
            .status,
        404
    );

    let masthead = newsdesk_domain::MastheadId::parse("kenya-star").unwrap();
    for n in 0..3 {
        let email = Email::parse(&format!("reader{n}@example.org")).unwrap();
        admin
            .store
            .add_subscriber(&masthead, &email, &[], admin.clock_now())
            .await
            .unwrap();
    }
    let csv = admin
        .get("/admin/subscribers/export.csv", &cookie, HOST_A)
        .await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "masthead,email,status,sections,subscribed_at,confirmed_at,bounces"
    );
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("kenya-star,reader0@example.org,pending,"));
    let page = admin.get("/admin/subscribers", &cookie, HOST_A).await;
    assert!(page.body.contains("Kenya Star"));
    let removed = admin
        .post(
            "/admin/subscribers/remove",
            &cookie,
            &[
                ("masthead", "kenya-star"),
                ("email", "reader1@example.org"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let nobody = admin
        .post(
            "/admin/subscribers/remove",
            &cookie,
            &[
                ("masthead", "kenya-star"),
                ("email", "reader1@example.org"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(nobody.status, 404);

    let lines = admin
        .store
        .audit_page(&AuditFilter::default(), 4)
        .await
        .unwrap()
        .lines;
    let kinds: Vec<&str> = lines.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "subscriber.remove",
            "source.fetch_now",
            "source.pause",
            "source.add"
        ]
    );
    assert_eq!(lines[2].before.as_deref(), Some(r#"{"paused":false}"#));
    assert_eq!(lines[2].after.as_deref(), Some(r#"{"paused":true}"#));
    assert!(lines.iter().all(|l| l.actor == "ada@example.org"));
    let audit = admin
        .get("/admin/audit?kind=source.pause", &cookie, HOST_A)
        .await;
    assert_eq!(audit.status, 200);
    assert!(
        audit.body.contains("source.pause") && !audit.body.contains("subscriber.remove</code>")
    );
    let odd = admin
        .get("/admin/audit?user=x&before=%ff&kind=", &cookie, HOST_A)
        .await;
    assert_eq!(odd.status, 200);
}

async fn over_long_fields_are_refused_with_what_to_fix(db: TestDb) {
    let admin = start(db, None).await;
    let (cookie, token) = admin.signed_in(Role::Admin).await;
    let long = "x".repeat(3000);
    let long_email = format!("{}@example.org", "a".repeat(300));
    let long_name = "n".repeat(300);
    let login = admin.sign_in(&long_email, PASSWORD).await;
    assert_eq!(login.status, 422);
    assert_eq!(admin.sign_in("ada@example.org", &long).await.status, 422);
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "/admin/users/invite",
            vec![("email", &long_email), ("role", "editor")],
        ),
        (
            "/admin/users/invite",
            vec![("email", "ok@example.org"), ("role", &long)],
        ),
        ("/admin/sources", vec![("url", &long)]),
        (
            "/admin/sources",
            vec![("url", "https://wire.example/a"), ("name", &long_name)],
        ),
        (
            "/admin/sources",
            vec![("url", "https://wire.example/b"), ("section", &long)],
        ),
        (
            "/admin/sources",
            vec![
                ("url", "https://wire.example/c"),
                ("masthead", "no-such-masthead"),
            ],
        ),
        (
            "/admin/subscribers/remove",
            vec![("masthead", "kenya-star"), ("email", &long_email)],
        ),
        ("/admin/users/1/role", vec![("role", &long)]),
    ];
    for (path, fields) in cases {
        let mut fields = fields;
        fields.push(("form_token", &token));
        let answer = admin.post(path, &cookie, &fields).await;
        assert_eq!(answer.status, 422, "{path} {:?}", &fields[0].0);
        assert!(
            answer.body.contains("class=\"error\""),
            "{path}: says what to fix"
        );
    }
    let huge = admin
        .post(
            "/admin/sources",
            &cookie,
            &[("url", &"u".repeat(100_000)), ("form_token", &token)],
        )
        .await;
    assert_eq!(huge.status, 422);
    let path = format!("/admin/invitation/{long}");
    assert_eq!(admin.get(&path, "", HOST_A).await.status, 410);
    assert!(
        admin.store.sources().await.unwrap().is_empty(),
        "nothing was added"
    );
}

/// A confirmed release in the queue, for Kenya Star.
async fn queued(store: &Store, headline: &str, flags: Vec<Flag>, now: Timestamp) -> ReleaseId {
    let release = NewRelease {
        text: ReleaseText {
            organisation: "Riverside Rowing Club".into(),
            category: ReleaseCategory::Sports,
            headline: headline.into(),
            standfirst: "The club's eight crossed the lake in record time.".into(),
            body: "The crew trained **every morning**.<script>alert(1)</script>".into(),
        },
        submitter: Submitter {
            contact_name: "Amani Otieno".into(),
            email: Email::parse("press@rowing.example").unwrap(),
            phone: String::new(),
            client: "192.0.2.7".into(),
        },
        mastheads: vec![MastheadId::parse("kenya-star").unwrap()],
        pictures: vec![Picture {
            width: 320,
            height: 180,
            bytes: vec![0xff, 0xd8, 1, 2, 3],
        }],
        flags,
        near_copy_of: None,
        fingerprint: "00aa".into(),
    };
    let id = store.submit_release(&release, now).await.unwrap();
    store.confirm_release(id, now).await.unwrap();
    id
}

async fn the_release_queue_reads_edits_approves_rejects_and_places(db: TestDb) {
    let admin = start(db, None).await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    let now = admin.clock_now();
    let store = &admin.store;
    let plain = queued(store, "Rowers set a lake record", vec![], now).await;
    let loud = queued(store, "BUY NOW BEST PRICES", vec![Flag::Capitals], now).await;
    let later = queued(store, "Regatta on Saturday", vec![], now).await;
    let unconfirmed = store
        .submit_release(&store_release_copy(store, plain, now).await, now)
        .await
        .unwrap();

    let queue = admin.get("/admin/releases", &cookie, HOST_A).await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Rowers set a lake record"));
    assert!(
        queue
            .body
            .contains("Flagged: written mostly in capital letters")
    );
    let flagged = admin
        .get("/admin/releases?flagged=yes&state=all", &cookie, HOST_A)
        .await;
    assert!(flagged.body.contains("BUY NOW") && !flagged.body.contains("Regatta"));
    assert_eq!(
        admin
            .get(
                "/admin/releases?state=nonsense&before=x&masthead=%3C",
                &cookie,
                HOST_A
            )
            .await
            .status,
        200
    );

    let page = admin
        .get(&format!("/admin/releases/{plain}"), &cookie, HOST_A)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<strong>every morning</strong>"));
    assert!(
        !page.body.contains("<script>alert"),
        "the body is sanitized"
    );
    assert!(
        page.body
            .contains(&format!("/admin/releases/{plain}/picture/320"))
    );
    let picture = admin
        .get(
            &format!("/admin/releases/{plain}/picture/320"),
            &cookie,
            HOST_A,
        )
        .await;
    assert_eq!(picture.status, 200);
    for missing in [
        format!("/admin/releases/{unconfirmed}"),
        "/admin/releases/999999".to_owned(),
        "/admin/releases/nonsense".to_owned(),
    ] {
        assert_eq!(
            admin.get(&missing, &cookie, HOST_A).await.status,
            404,
            "{missing}"
        );
    }

    // Edit: refused when over long or empty, saved when right.
    let path = format!("/admin/releases/{plain}/edit");
    let long = "h".repeat(151);
    for (headline, category) in [
        (long.as_str(), "sports"),
        ("", "sports"),
        ("Fine", "nonsense"),
    ] {
        let answer = admin
            .post(
                &path,
                &cookie,
                &[
                    ("form_token", &token),
                    ("headline", headline),
                    ("standfirst", "A new best time."),
                    ("body", "Edited."),
                    ("category", category),
                ],
            )
            .await;
        assert_eq!(answer.status, 422, "{headline:?} {category:?}");
        assert!(answer.body.contains("class=\"error\""));
    }
    let no_token = admin
        .post(
            &path,
            &cookie,
            &[
                ("headline", "Forged"),
                ("standfirst", "x"),
                ("body", "x"),
                ("category", "event"),
            ],
        )
        .await;
    assert_eq!(no_token.status, 403);
    let edited = admin
        .post(
            &path,
            &cookie,
            &[
                ("form_token", &token),
                ("headline", "Riverside rowers set a lake record"),
                ("standfirst", "A new best time."),
                ("body", "Edited **body**."),
                ("category", "event"),
            ],
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let text = store.news_release(plain, now).await.unwrap().text;
    assert_eq!(text.headline, "Riverside rowers set a lake record");
    assert_eq!(text.category, ReleaseCategory::Event);

    // Approve for a time in the masthead's zone (Nairobi, UTC+3).
    let approved = admin
        .post(
            &format!("/admin/releases/{later}/approve"),
            &cookie,
            &[
                ("form_token", &token),
                ("when", "later"),
                ("at", "2030-01-02T09:30"),
            ],
        )
        .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    let release = store.news_release(later, now).await.unwrap();
    assert_eq!(release.status, ReleaseStatus::Approved);
    assert_eq!(
        release.publish_at.unwrap().to_string(),
        "2030-01-02T06:30:00Z"
    );
    let unreadable = admin
        .post(
            &format!("/admin/releases/{later}/approve"),
            &cookie,
            &[
                ("form_token", &token),
                ("when", "later"),
                ("at", "next week"),
            ],
        )
        .await;
    assert_eq!(unreadable.status, 422);

    // Approve now, then a second decision is refused as stale.
    let now_answer = admin
        .post(
            &format!("/admin/releases/{plain}/approve"),
            &cookie,
            &[("form_token", &token), ("when", "now")],
        )
        .await;
    assert_eq!(now_answer.status, 200);
    assert_eq!(
        store.news_release(plain, now).await.unwrap().status,
        ReleaseStatus::Published
    );

    // Reject with a reason (needed, and not too long).
    let reject = format!("/admin/releases/{loud}/reject");
    let too_long = "r".repeat(1001);
    for reason in ["", too_long.as_str()] {
        let answer = admin
            .post(
                &reject,
                &cookie,
                &[("form_token", &token), ("reason", reason)],
            )
            .await;
        assert_eq!(answer.status, 422);
    }
    let rejected = admin
        .post(
            &reject,
            &cookie,
            &[
                ("form_token", &token),
                ("reason", "This reads as an advertisement."),
            ],
        )
        .await;
    assert_eq!(rejected.status, 200);
    let release = store.news_release(loud, now).await.unwrap();
    assert_eq!(release.status, ReleaseStatus::Rejected);
    assert_eq!(
        release.reason.as_deref(),
        Some("This reads as an advertisement.")
    );
    let again = admin
        .post(
            &reject,
            &cookie,
            &[("form_token", &token), ("reason", "Twice.")],
        )
        .await;
    assert_eq!(again.status, 409, "decided already: the page says so");

    // Place in a section, then take it out.
    let place = format!("/admin/releases/{plain}/section");
    for (section, expected) in [("business", Some("business")), ("", None)] {
        let answer = admin
            .post(
                &place,
                &cookie,
                &[("form_token", &token), ("section", section)],
            )
            .await;
        assert_eq!(answer.status, 200);
        let placed = store.news_release(plain, now).await.unwrap().placed_section;
        assert_eq!(placed.as_ref().map(|s| s.as_str()), expected);
    }
    let unknown = admin
        .post(
            &place,
            &cookie,
            &[("form_token", &token), ("section", "astrology")],
        )
        .await;
    assert_eq!(unknown.status, 400);

    let log = store
        .audit_page(&AuditFilter::default(), 50)
        .await
        .unwrap()
        .lines;
    let kinds: Vec<&str> = log.iter().map(|l| l.kind.as_str()).collect();
    for kind in [
        "release.edit",
        "release.approve",
        "release.reject",
        "release.place",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let edit = log.iter().find(|l| l.kind == "release.edit").unwrap();
    assert!(
        edit.before
            .as_deref()
            .unwrap()
            .contains("Rowers set a lake record")
    );
    assert!(edit.after.as_deref().unwrap().contains("Riverside rowers"));
    assert_eq!(edit.actor, "eve@example.org");
    let pending = store
        .release_queue(&QueueFilter::default(), 10, now)
        .await
        .unwrap();
    assert!(pending.iter().all(|r| r.id != unconfirmed));
}

/// A release like `id`, to submit again.
async fn store_release_copy(store: &Store, id: ReleaseId, now: Timestamp) -> NewRelease {
    let release = store.news_release(id, now).await.unwrap();
    NewRelease {
        text: release.text,
        submitter: release.submitter,
        mastheads: release.mastheads,
        pictures: Vec::new(),
        flags: Vec::new(),
        near_copy_of: None,
        fingerprint: "00bb".into(),
    }
}

/// The headlines the admin's stories page lists, in order.
fn desk_headlines(page: &str) -> Vec<&str> {
    page.split("<h2 id=\"story-")
        .skip(1)
        .filter_map(|rest| rest.split_once("\">").map(|(_, link)| link))
        .filter_map(|link| link.split_once("\">").map(|(_, text)| text))
        .filter_map(|text| text.split_once("</a></h2>").map(|(h, _)| h))
        .collect()
}

async fn the_stories_page_lists_newest_first_and_searches(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 3).await;
    let (cookie, _) = admin.signed_in(Role::Editor).await;

    let page = admin.get("/admin/stories", &cookie, HOST_A).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("href=\"/admin/stories\" aria-current=\"page\"")
    );
    let headlines = desk_headlines(&page.body);
    assert_eq!(headlines.len(), 12, "every story: {headlines:?}");
    // Newest first: each section's story 2, then 1 and 0, then the day before's.
    for (rank, n) in [(0, 2), (3, 1), (6, 0), (9, 99)] {
        for headline in &headlines[rank..rank + 3] {
            assert!(headline.contains(&format!(" story {n}: ")), "{headlines:?}");
        }
    }
    assert!(
        !page.body.contains("rel=\"next\""),
        "one page holds them all"
    );

    let found = admin.get("/admin/stories?q=sports", &cookie, HOST_A).await;
    assert_eq!(found.status, 200);
    let headlines = desk_headlines(&found.body);
    assert_eq!(headlines.len(), 4, "{headlines:?}");
    assert!(headlines.iter().all(|h| h.starts_with("SPORTS story")));
    assert!(
        found.body.contains("value=\"sports\""),
        "the words searched for are shown again"
    );

    let none = admin.get("/admin/stories?q=volcano", &cookie, HOST_A).await;
    assert!(none.body.contains("No story matches."));

    // Signed out, the page is the sign-in's.
    let signed_out = admin.get("/admin/stories", "", HOST_A).await;
    assert_ne!(signed_out.status, 200);
}

/// A story's public path on a masthead's own host.
fn public_path(story: &Story) -> String {
    format!("/story/{}/{}", story.id, story.slug())
}

/// The kinds of the audit lines of stories (`story.*`) among the newest
/// `n`, newest first.
async fn audit_kinds(store: &Store, n: u32) -> Vec<String> {
    store
        .audit_page(&AuditFilter::default(), n)
        .await
        .unwrap()
        .lines
        .into_iter()
        .map(|l| l.kind)
        .filter(|kind| kind.starts_with("story."))
        .collect()
}

async fn an_unpublished_story_leaves_every_public_page_and_comes_back(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 3).await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    let story = titled(&admin.store, "WORLD story 2").await;
    let other = public_path(&titled(&admin.store, "BUSINESS story 0").await);
    let own = public_path(&story);
    let link = format!("/story/{}/", story.id);
    // Front, section, "More Information" under another story, the feeds,
    // the sitemap and the search.
    let pages = [
        "/",
        "/section/world",
        other.as_str(),
        "/feed.xml",
        "/atom.xml",
        "/feed.json",
        "/section/world/feed.xml",
        "/section/world/feed.json",
        "/sitemaps/stories-1.xml",
        "/search?q=world",
    ];
    let listed = || {
        let (admin, link) = (&admin, link.clone());
        async move {
            let mut listed = Vec::new();
            for path in pages {
                let page = admin.get(path, "", HOST_A).await;
                assert_eq!(page.status, 200, "{path}");
                if page.body.contains(&link) {
                    listed.push(path);
                }
            }
            listed
        }
    };
    assert_eq!(listed().await, pages);
    assert_eq!(admin.get(&own, "", HOST_A).await.status, 200);

    let path = format!("/admin/stories/{}/published", story.id);
    let unpublished = admin
        .act(&path, &cookie, &token, &[("published", "no")])
        .await;
    assert_eq!(unpublished.status, 200, "{}", unpublished.body);
    assert!(unpublished.body.contains("Unpublished"));
    // At once: the pages kept before the change are not served again.
    assert_eq!(listed().await, Vec::<&str>::new());
    let gone = admin.get(&own, "", HOST_A).await;
    assert_eq!(gone.status, 410);
    assert!(gone.body.contains("taken down"), "{}", gone.body);
    assert_eq!(
        admin.get("/story/999999/x", "", HOST_A).await.status,
        404,
        "a story never stored is not gone, only missing"
    );
    // The editors still see it, marked, in the list and in a search.
    for list in ["/admin/stories", "/admin/stories?q=world"] {
        let page = admin.get(list, &cookie, HOST_A).await;
        let row = page
            .body
            .split(&format!("id=\"story-{}\"", story.id))
            .nth(1);
        let row = row.unwrap_or_else(|| panic!("{list} lists it"));
        let row = row.split("</li>").next().unwrap();
        assert!(
            row.contains("Unpublished") && row.contains("Republish"),
            "{row}"
        );
    }

    let republished = admin
        .act(&path, &cookie, &token, &[("published", "yes")])
        .await;
    assert_eq!(republished.status, 200);
    assert_eq!(listed().await, pages);
    assert_eq!(admin.get(&own, "", HOST_A).await.status, 200);
    assert_eq!(
        audit_kinds(&admin.store, 2).await,
        ["story.republish", "story.unpublish"]
    );
    let odd = admin
        .act(&path, &cookie, &token, &[("published", "x")])
        .await;
    assert_eq!(odd.status, 400);
}

async fn an_edited_headline_moves_the_address_and_the_old_one_redirects(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 2).await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    let story = titled(&admin.store, "WORLD story 1").await;
    let old = public_path(&story);
    assert_eq!(admin.get(&old, "", HOST_A).await.status, 200);
    let path = format!("/admin/stories/{}/edit", story.id);
    let page = admin
        .get(&format!("/admin/stories/{}", story.id), &cookie, HOST_A)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("value=\"{}\"", story.title)));

    let edited = admin
        .act(
            &path,
            &cookie,
            &token,
            &[
                ("headline", "Coast rains lift the harbour markets"),
                ("standfirst", "Traders reopened their stalls."),
            ],
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let new = format!("/story/{}/coast-rains-lift-the-harbour-markets", story.id);
    let moved = admin.get(&old, "", HOST_A).await;
    assert_eq!((moved.status, moved.location.as_str()), (308, new.as_str()));
    let by_id = admin.get(&format!("/m/kenya-star{old}"), "", HOST_A).await;
    assert_eq!(by_id.location, format!("/m/kenya-star{new}"));
    let read = admin.get(&new, "", HOST_A).await;
    assert_eq!(read.status, 200);
    assert!(read.body.contains("Coast rains lift the harbour markets"));
    assert!(read.body.contains("Traders reopened their stalls."));
    let section = admin.get("/section/world", "", HOST_A).await;
    assert!(section.body.contains(&new) && !section.body.contains(&old));

    let line = &admin
        .store
        .audit_page(&AuditFilter::default(), 1)
        .await
        .unwrap()
        .lines[0];
    assert_eq!(
        (line.kind.as_str(), line.actor.as_str()),
        ("story.edit", "eve@example.org")
    );
    let before = line.before.as_deref().unwrap();
    let after = line.after.as_deref().unwrap();
    assert!(
        before.contains(&story.title) && before.contains(&story.standfirst),
        "{before}"
    );
    assert!(
        after.contains("Coast rains lift the harbour markets"),
        "{after}"
    );
    assert!(after.contains("Traders reopened their stalls."), "{after}");

    // Words that cannot be a headline: the page again, with what was typed.
    let long = "h".repeat(201);
    for headline in ["", " ?! ", long.as_str()] {
        let refused = admin
            .act(
                &path,
                &cookie,
                &token,
                &[("headline", headline), ("standfirst", "Kept")],
            )
            .await;
        assert_eq!(refused.status, 422, "{headline:?}");
        assert!(refused.body.contains("class=\"error\""));
        assert!(refused.body.contains(">Kept</textarea>"));
    }
    let kept = admin.store.story(story.id).await.unwrap().unwrap();
    assert_eq!(kept.title, "Coast rains lift the harbour markets");
    assert_eq!(audit_kinds(&admin.store, 5).await, ["story.edit"]);
}

/// The address of the first headline a page links to.
fn first_headline(page: &str) -> &str {
    let rest = page
        .split("class=\"headline\" href=\"")
        .nth(1)
        .expect("a headline");
    rest.split('"').next().unwrap()
}

async fn a_pinned_story_leads_only_its_mastheads_front_page(db: TestDb) {
    let admin = start(db, None).await;
    let ids = stories_for_every_masthead(&admin.store, 5).await;
    seed_stories(&admin.store, 1).await;
    let star_only = titled(&admin.store, "WORLD story 0").await.id;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    let href = |id: StoryId| format!("/story/{id}/");
    let pin = |id: StoryId, masthead: &'static str, pinned: &'static str| {
        let (admin, cookie, token) = (&admin, cookie.clone(), token.clone());
        async move {
            admin
                .act(
                    &format!("/admin/stories/{id}/pin"),
                    &cookie,
                    &token,
                    &[("masthead", masthead), ("pinned", pinned)],
                )
                .await
        }
    };
    let front = |host: &'static str| {
        let admin = &admin;
        async move { admin.get("/", "", host).await.body }
    };
    assert!(first_headline(&front(HOST_A).await).starts_with(&href(ids[4])));

    let pinned = pin(ids[0], "kenya-star", "yes").await;
    assert_eq!(pinned.status, 200, "{}", pinned.body);
    assert!(pinned.body.contains("Pinned on Kenya Star"));
    assert!(first_headline(&front(HOST_A).await).starts_with(&href(ids[0])));
    assert!(
        first_headline(&front(HOST_B).await).starts_with(&href(ids[4])),
        "the other masthead's front page is its own"
    );

    // Three at most; the newest pin leads, the others follow it.
    assert_eq!(pin(ids[1], "kenya-star", "yes").await.status, 200);
    assert_eq!(pin(ids[2], "kenya-star", "yes").await.status, 200);
    let full = pin(ids[3], "kenya-star", "yes").await;
    assert_eq!(full.status, 409);
    assert!(
        full.body.contains("has 3 pinned stories already"),
        "{}",
        full.body
    );
    let page = front(HOST_A).await;
    let at = |id: StoryId| page.find(&href(id)).unwrap();
    assert!(at(ids[2]) < at(ids[1]) && at(ids[1]) < at(ids[0]) && at(ids[0]) < at(ids[4]));
    assert!(page.contains("Top stories"));

    let elsewhere = pin(star_only, "ocean-herald", "yes").await;
    assert_eq!(elsewhere.status, 422);
    assert!(elsewhere.body.contains("carries neither this story"));
    assert_eq!(pin(ids[1], "no-such-masthead", "yes").await.status, 400);

    assert_eq!(pin(ids[2], "kenya-star", "no").await.status, 200);
    assert!(first_headline(&front(HOST_A).await).starts_with(&href(ids[1])));
    let list = admin.get("/admin/stories", &cookie, HOST_A).await;
    assert_eq!(list.body.matches("Pinned on Kenya Star").count(), 2);
    assert_eq!(
        audit_kinds(&admin.store, 10).await,
        ["story.unpin", "story.pin", "story.pin", "story.pin"]
    );
}

async fn a_story_moves_to_another_section(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 1).await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    let story = titled(&admin.store, "WORLD story 0").await;
    let link = public_path(&story);
    let holds = |section: &'static str| {
        let (admin, link) = (&admin, link.clone());
        async move {
            let page = admin.get(&format!("/section/{section}"), "", HOST_A).await;
            page.body.contains(&link)
        }
    };
    assert!(holds("world").await && !holds("business").await);
    let path = format!("/admin/stories/{}/section", story.id);
    let moved = admin
        .act(&path, &cookie, &token, &[("section", "business")])
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert!(moved.body.contains("Moved to Business"));
    assert!(!holds("world").await && holds("business").await);
    let unknown = admin
        .act(&path, &cookie, &token, &[("section", "astrology")])
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        audit_kinds(&admin.store, 5).await,
        ["story.section"],
        "audited once: the store's tests read its before and after"
    );
}

async fn story_actions_need_a_current_session_and_form_token(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 1).await;
    let (old_cookie, old_token) = admin.signed_in(Role::Editor).await;
    let (cookie, _) = admin.session("eve@example.org").await;
    let story = titled(&admin.store, "WORLD story 0").await;
    let id = story.id;
    let actions: [(String, Vec<(&str, &str)>); 4] = [
        (
            format!("/admin/stories/{id}/published"),
            vec![("published", "no")],
        ),
        (
            format!("/admin/stories/{id}/edit"),
            vec![("headline", "Forged headline"), ("standfirst", "")],
        ),
        (
            format!("/admin/stories/{id}/pin"),
            vec![("masthead", "kenya-star"), ("pinned", "yes")],
        ),
        (
            format!("/admin/stories/{id}/section"),
            vec![("section", "business")],
        ),
    ];
    for (path, fields) in &actions {
        let missing = admin.post(path, &cookie, fields).await;
        assert_eq!(missing.status, 403, "{path}: no token");
        assert!(missing.body.contains("This form has expired"));
        let mut stale = fields.clone();
        stale.push(("form_token", &old_token));
        assert_eq!(
            admin.post(path, &cookie, &stale).await.status,
            403,
            "{path}: another session's token"
        );
        let signed_out = admin.post(path, "", &stale).await;
        assert_eq!(
            (signed_out.status, signed_out.location.as_str()),
            (303, "/admin/login"),
            "{path}: nobody signed in"
        );
    }
    let kinds = audit_kinds(&admin.store, 5).await;
    assert!(kinds.is_empty(), "nothing was done: {kinds:?}");
    assert_eq!(admin.store.story(id).await.unwrap(), Some(story));
    assert!(
        admin
            .store
            .pinned_stories(&MastheadReach::new(
                MastheadId::parse("kenya-star").unwrap(),
                vec![]
            ))
            .await
            .unwrap()
            .is_empty()
    );
    // The old session still works with its own token.
    let (path, fields) = &actions[0];
    let mut own = fields.clone();
    own.push(("form_token", &old_token));
    assert_eq!(admin.post(path, &old_cookie, &own).await.status, 200);
    for missing in ["/admin/stories/999999", "/admin/stories/nonsense"] {
        assert_eq!(
            admin.get(missing, &cookie, HOST_A).await.status,
            404,
            "{missing}"
        );
    }
}

async fn a_placed_release_is_listed_in_its_section_only(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 1).await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;
    let id = queued(
        &admin.store,
        "Rowers set a lake record",
        vec![],
        admin.clock_now(),
    )
    .await;
    let approved = admin
        .act(
            &format!("/admin/releases/{id}/approve"),
            &cookie,
            &token,
            &[("when", "now")],
        )
        .await;
    assert_eq!(approved.status, 200);
    let href = format!("href=\"/releases/{id}\"");
    let business = admin.get("/section/business", "", HOST_A).await;
    assert!(
        !business.body.contains(&href),
        "not placed yet: not in the news"
    );

    let placed = admin
        .act(
            &format!("/admin/releases/{id}/section"),
            &cookie,
            &token,
            &[("section", "business")],
        )
        .await;
    assert_eq!(placed.status, 200);
    let business = admin.get("/section/business", "", HOST_A).await;
    let entry = business.body.split(&href).next().unwrap();
    let entry = entry.rsplit("<li").next().unwrap();
    assert!(
        entry.contains("News release · Riverside Rowing Club"),
        "labelled with its organisation: {entry}"
    );
    assert!(business.body.contains("Rowers set a lake record"));
    assert!(
        business.body.contains("/story/"),
        "with the section's stories"
    );
    // Nowhere else among the news: not another section, not the front
    // page, the feeds or the search, not another masthead.
    let link = format!("/releases/{id}");
    for (path, host) in [
        ("/section/world", HOST_A),
        ("/", HOST_A),
        ("/feed.xml", HOST_A),
        ("/section/business/feed.xml", HOST_A),
        ("/search?q=rowers", HOST_A),
        ("/section/business", HOST_B),
    ] {
        let page = admin.get(path, "", host).await;
        assert_eq!(page.status, 200, "{path} on {host}");
        assert!(!page.body.contains(&link), "{path} on {host}");
    }
}

/// Stores a story of `source` whose feed text opens with `paragraph`,
/// its dateline read as a pass reads it.
async fn filed_story(store: &Store, source: SourceId, title: &str, paragraph: &str) -> StoryId {
    let (dateline, filed) = newsdesk_ingest::filed::in_feed_text(paragraph, "");
    let link = format!("http://monsoon.example/{}", title.len());
    let story = NewStory {
        source_id: source,
        guid: link.clone(),
        canonical_link: CanonicalLink::parse(&link).unwrap(),
        link,
        title: title.into(),
        standfirst: paragraph.into(),
        body: String::new(),
        author: None,
        published_at: Timestamp::from_second(1_763_990_000).unwrap(),
        categories: vec![],
        section: Section::parse("world").unwrap(),
        dateline,
        filed,
    };
    match store.insert_story(&story).await.unwrap() {
        StoryInsert::Inserted(id) => id,
        StoryInsert::Duplicate => panic!("{title} was stored before"),
    }
}

async fn datelines_to_check_are_listed_and_marked_for_editors(db: TestDb) {
    let admin = start(db, None).await;
    seed_stories(&admin.store, 1).await;
    // A wire that neither masthead carries: its stories reach them by
    // region alone.
    let wire = admin
        .store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://monsoon.example/feed.xml").unwrap(),
            name: "Monsoon Wire".into(),
            section: None,
            mastheads: vec![MastheadId::parse("elsewhere").unwrap()],
        })
        .await
        .unwrap()
        .id;
    let cable = filed_story(
        &admin.store,
        wire,
        "Cable lands on the Andaman coast",
        "Port Blair [Mauritius], March 12 (ANI): Engineers brought the cable ashore.",
    )
    .await;
    filed_story(
        &admin.store,
        wire,
        "Matatu strike called off",
        "NAIROBI, March 12 (Reuters) - Owners suspended the strike.",
    )
    .await;
    let (cookie, token) = admin.signed_in(Role::Editor).await;

    let all = admin.get("/admin/stories", &cookie, HOST_A).await;
    assert_eq!(desk_headlines(&all.body).len(), 8);
    assert!(all.body.contains("href=\"/admin/stories?check=datelines\""));
    let listed = admin
        .get("/admin/stories?check=datelines", &cookie, HOST_A)
        .await;
    assert_eq!(listed.status, 200);
    assert_eq!(
        desk_headlines(&listed.body),
        ["Cable lands on the Andaman coast"]
    );
    assert!(
        listed.body.contains("<title>Datelines to check"),
        "{}",
        listed.body
    );
    assert!(
        listed
            .body
            .contains("Dateline names Mauritius but Port Blair is in India."),
        "{}",
        listed.body
    );

    // Its own page says so, and offers the masthead of India's front page,
    // not Mauritius's or Kenya's.
    let page = admin
        .get(&format!("/admin/stories/{cable}"), &cookie, HOST_A)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Dateline to check"));
    assert!(
        page.body
            .contains("Dateline names Mauritius but Port Blair is in India.")
    );
    assert!(page.body.contains("Pin to Ocean Herald"));
    assert!(!page.body.contains("Pin to Kenya Star"));
    let pinned = admin
        .act(
            &format!("/admin/stories/{cable}/pin"),
            &cookie,
            &token,
            &[("masthead", "ocean-herald"), ("pinned", "yes")],
        )
        .await;
    assert_eq!(pinned.status, 200, "{}", pinned.body);
    assert!(
        first_headline(&admin.get("/", "", HOST_B).await.body)
            .starts_with(&format!("/story/{cable}/"))
    );
}

/// The stylesheet a public page links to, as a path and query.
fn stylesheet_of(page: &str) -> String {
    let start = page.find("/static/site.css?v=").expect("a stylesheet link");
    page[start..].split('"').next().unwrap().to_owned()
}

async fn an_admin_changes_a_mastheads_look_on_every_page_at_once(db: TestDb) {
    let store = db.store.clone();
    let admin = start(db, None).await;
    // A second process serving the same database, as `web` beside `serve`.
    let other = AppState::new(
        store.clone(),
        vec![
            masthead("kenya-star", "Kenya Star", HOST_A),
            masthead("ocean-herald", "Ocean Herald", HOST_B),
        ],
        WebSettings::default(),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            newsdesk_web::router(other).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let other_front = || async {
        admin
            .client
            .get(format!("{other_base}/m/kenya-star/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    assert!(other_front().await.contains("Kenya Star"));

    let (cookie, token) = admin.signed_in(Role::Admin).await;
    let page = admin.get("/admin/mastheads", &cookie, HOST_A).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for shown in [
        "Kenya Star",
        "Ocean Herald",
        "Africa/Nairobi",
        "world, business",
    ] {
        assert!(page.body.contains(shown), "{shown}");
    }
    let front = admin.get("/", "", HOST_A).await;
    let old_sheet = stylesheet_of(&front.body);

    // Bad values: every one named, nothing changed.
    let refused = admin
        .act(
            "/admin/mastheads/kenya-star/look",
            &cookie,
            &token,
            &[
                ("name", "Kenya Star Daily"),
                ("accent", "crimson"),
                ("logo", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("accent colour must be written #rrggbb")
    );
    assert!(
        refused
            .body
            .contains("The logo must be an https:// address")
    );
    assert!(
        refused.body.contains("value=\"crimson\""),
        "what was typed is kept"
    );
    assert!(store.masthead_looks().await.unwrap().is_empty());
    assert!(
        !admin
            .get("/", "", HOST_A)
            .await
            .body
            .contains("Kenya Star Daily")
    );
    assert_eq!(
        admin
            .act("/admin/mastheads/no-such/look", &cookie, &token, &[])
            .await
            .status,
        404
    );

    // A new look: this process's pages show it at once, and the next
    // stylesheet carries the accent under a new version.
    let saved = admin
        .act(
            "/admin/mastheads/kenya-star/look",
            &cookie,
            &token,
            &[
                ("name", "Kenya Star Daily"),
                ("tagline", "News from the coast, every morning"),
                ("accent", "#1A5FB4"),
                ("logo", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved
            .body
            .contains("Kenya Star Daily now looks as set below.")
    );
    let front = admin.get("/", "", HOST_A).await;
    assert!(front.body.contains("Kenya Star Daily"));
    assert!(front.body.contains("News from the coast, every morning"));
    let sheet = stylesheet_of(&front.body);
    assert_ne!(sheet, old_sheet, "a new accent is a new stylesheet version");
    let css = admin.get(&sheet, "", HOST_A).await.body;
    assert!(css.starts_with(":root{--accent:#1a5fb4;"), "{}", &css[..60]);
    let herald = admin.get("/", "", HOST_B).await.body;
    assert!(herald.contains("Ocean Herald") && !herald.contains("Kenya Star Daily"));

    // The other process sees it at its next look at the change counter.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if other_front().await.contains("Kenya Star Daily") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the other process caught up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Audited with before and after; saving the same again changes nothing.
    let lines = store
        .audit_page(
            &AuditFilter {
                kind: Some("masthead.look".into()),
                ..AuditFilter::default()
            },
            10,
        )
        .await
        .unwrap()
        .lines;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].subject, "masthead kenya-star");
    assert!(lines[0].after.as_deref().unwrap().contains("#1a5fb4"));
    let again = admin
        .act(
            "/admin/mastheads/kenya-star/look",
            &cookie,
            &token,
            &[
                ("name", "Kenya Star Daily"),
                ("tagline", "News from the coast, every morning"),
                ("accent", "#1a5fb4"),
            ],
        )
        .await;
    assert!(again.body.contains("Nothing changed for Kenya Star"));

    // Empty fields give the config's look back.
    let cleared = admin
        .act("/admin/mastheads/kenya-star/look", &cookie, &token, &[])
        .await;
    assert_eq!(cleared.status, 200);
    assert!(store.masthead_looks().await.unwrap().is_empty());
    let front = admin.get("/", "", HOST_A).await.body;
    assert!(front.contains("Kenya Star") && !front.contains("Kenya Star Daily"));
    assert_eq!(stylesheet_of(&front), old_sheet);
}
