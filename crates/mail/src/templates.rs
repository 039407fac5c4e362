//! The email templates: embedded in the binary, each overridable per
//! masthead from the data folder.
//!
//! An email is three minijinja templates in a folder named for it:
//! `subject`, `body.txt` and `body.html` (`digest/` for the daily email,
//! `confirm/` for the one that confirms a new reader's address,
//! `release-confirm/` and `release-rejected/` for a news release's sender). A
//! masthead whose folder `DATA/themes/ID/email/digest/` (or `confirm/`)
//! holds any of them gets those instead of the embedded ones; the rest
//! stay embedded.
//! Overrides are read and compiled once, at start, and a broken one stops
//! the start with its file named.
//!
//! Only `body.html` is escaped for HTML. Links reach templates already
//! checked to hold nothing that needs escaping (they are built from the
//! masthead's checked address, ids, slugs and tokens), and are printed as
//! they are, so no link in a digest is rewritten, not even its `/`s into
//! entities. A rendered subject is folded to one line. A rendered HTML
//! body over [`MAX_HTML_BYTES`] is refused: mail clients clip longer ones
//! and hide the unsubscribe link.

use crate::MailError;
use minijinja::Environment;
use std::collections::HashMap;
use std::path::Path;

/// The embedded templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "digest/subject",
        include_str!("../templates/digest/subject"),
    ),
    (
        "digest/body.txt",
        include_str!("../templates/digest/body.txt"),
    ),
    (
        "digest/body.html",
        include_str!("../templates/digest/body.html"),
    ),
    (
        "confirm/subject",
        include_str!("../templates/confirm/subject"),
    ),
    (
        "confirm/body.txt",
        include_str!("../templates/confirm/body.txt"),
    ),
    (
        "confirm/body.html",
        include_str!("../templates/confirm/body.html"),
    ),
    (
        "invite/subject",
        include_str!("../templates/invite/subject"),
    ),
    (
        "invite/body.txt",
        include_str!("../templates/invite/body.txt"),
    ),
    (
        "invite/body.html",
        include_str!("../templates/invite/body.html"),
    ),
    (
        "release-confirm/subject",
        include_str!("../templates/release-confirm/subject"),
    ),
    (
        "release-confirm/body.txt",
        include_str!("../templates/release-confirm/body.txt"),
    ),
    (
        "release-confirm/body.html",
        include_str!("../templates/release-confirm/body.html"),
    ),
    (
        "release-rejected/subject",
        include_str!("../templates/release-rejected/subject"),
    ),
    (
        "release-rejected/body.txt",
        include_str!("../templates/release-rejected/body.txt"),
    ),
    (
        "release-rejected/body.html",
        include_str!("../templates/release-rejected/body.html"),
    ),
];

/// The largest HTML body sent: Gmail clips messages past about 102 KB.
pub const MAX_HTML_BYTES: usize = 100 * 1024;

/// The three parts of a rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject, one line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

/// The compiled templates of every masthead.
pub struct EmailTemplates {
    embedded: Environment<'static>,
    themed: HashMap<String, Environment<'static>>,
}

impl std::fmt::Debug for EmailTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailTemplates")
            .field("themed", &self.themed.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl EmailTemplates {
    /// The embedded templates only.
    pub fn embedded() -> Self {
        Self {
            embedded: environment(&[]).expect("the embedded email templates compile"),
            themed: HashMap::new(),
        }
    }

    /// The embedded templates, with the overrides of each masthead in
    /// `mastheads` from `themes_dir/ID/email/`.
    pub fn load<'a>(
        mastheads: impl IntoIterator<Item = &'a str>,
        themes_dir: &Path,
    ) -> Result<Self, MailError> {
        let mut templates = Self::embedded();
        for id in mastheads {
            let folder = themes_dir.join(id).join("email");
            let mut overrides = Vec::new();
            for (name, _) in TEMPLATES {
                let path = folder.join(name);
                if path.is_file() {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        MailError::Template(format!("theme file {}: {e}", path.display()))
                    })?;
                    overrides.push((*name, text));
                }
            }
            if !overrides.is_empty() {
                let env = environment(&overrides).map_err(|(name, e)| {
                    MailError::Template(format!("theme file {}: {e}", folder.join(name).display()))
                })?;
                templates.themed.insert(id.to_owned(), env);
            }
        }
        Ok(templates)
    }

    /// Renders email `kind` (`digest`, `confirm`) for masthead `id`.
    pub fn render(
        &self,
        id: &str,
        kind: &str,
        context: minijinja::Value,
    ) -> Result<Rendered, MailError> {
        let env = self.themed.get(id).unwrap_or(&self.embedded);
        let part = |part: &str| {
            let name = format!("{kind}/{part}");
            env.get_template(&name)
                .and_then(|t| t.render(&context))
                .map_err(|e| MailError::Template(format!("{id} {name}: {e}")))
        };
        let subject = part("subject")?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let rendered = Rendered {
            subject,
            text: part("body.txt")?,
            html: part("body.html")?,
        };
        if rendered.html.len() > MAX_HTML_BYTES {
            return Err(MailError::Template(format!(
                "{id} {kind}/body.html renders to {} KB, over the {} KB mail clients show whole",
                rendered.html.len() / 1024,
                MAX_HTML_BYTES / 1024
            )));
        }
        Ok(rendered)
    }
}

/// An environment with the embedded templates, `overrides` replacing some.
fn environment(
    overrides: &[(&'static str, String)],
) -> Result<Environment<'static>, (&'static str, minijinja::Error)> {
    let mut env = Environment::new();
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    // minijinja's default: HTML escaping for `.html` names, none for
    // `subject` and `body.txt`.
    env.set_auto_escape_callback(minijinja::default_auto_escape_callback);
    for (name, source) in TEMPLATES {
        let text = overrides
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| (*source).to_owned(), |(_, t)| t.clone());
        env.add_template_owned(*name, text)
            .map_err(|e| (*name, e))?;
    }
    for (name, _) in TEMPLATES {
        env.get_template(name).map_err(|e| (*name, e))?;
    }
    Ok(env)
}
