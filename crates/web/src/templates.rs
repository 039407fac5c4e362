//! Templates and the stylesheet: embedded in the binary, each overridable
//! per masthead from the data folder.
//!
//! Templates are minijinja, auto-escaped: every `.html` template escapes
//! what it prints, and the only values marked safe are HTML we sanitized
//! ourselves (a story's body, search snippets). They are compiled once at
//! start. A masthead whose folder `DATA/themes/ID/` holds `NAME.html` gets
//! that template instead of the embedded one (the others stay embedded, so
//! a theme may replace only `base.html`), and `site.css` there replaces
//! the stylesheet. A broken override stops the start with its file named.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, Output, State};
use newsdesk_domain::Masthead;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The embedded stylesheet.
pub const SITE_CSS: &str = include_str!("../static/site.css");

/// The embedded templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("front.html", include_str!("../templates/front.html")),
    ("list.html", include_str!("../templates/list.html")),
    ("story.html", include_str!("../templates/story.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("network.html", include_str!("../templates/network.html")),
    ("email.html", include_str!("../templates/email.html")),
    (
        "admin/base.html",
        include_str!("../templates/admin/base.html"),
    ),
    (
        "admin/login.html",
        include_str!("../templates/admin/login.html"),
    ),
    (
        "admin/message.html",
        include_str!("../templates/admin/message.html"),
    ),
    (
        "admin/dashboard.html",
        include_str!("../templates/admin/dashboard.html"),
    ),
    (
        "admin/users.html",
        include_str!("../templates/admin/users.html"),
    ),
    (
        "admin/mastheads.html",
        include_str!("../templates/admin/mastheads.html"),
    ),
    (
        "admin/invitation.html",
        include_str!("../templates/admin/invitation.html"),
    ),
    (
        "admin/audit.html",
        include_str!("../templates/admin/audit.html"),
    ),
    (
        "admin/sources.html",
        include_str!("../templates/admin/sources.html"),
    ),
    (
        "admin/subscribers.html",
        include_str!("../templates/admin/subscribers.html"),
    ),
    (
        "admin/releases.html",
        include_str!("../templates/admin/releases.html"),
    ),
    (
        "admin/release.html",
        include_str!("../templates/admin/release.html"),
    ),
    (
        "admin/stories.html",
        include_str!("../templates/admin/stories.html"),
    ),
    (
        "admin/story.html",
        include_str!("../templates/admin/story.html"),
    ),
    (
        "releases/form.html",
        include_str!("../templates/releases/form.html"),
    ),
    (
        "releases/list.html",
        include_str!("../templates/releases/list.html"),
    ),
    (
        "releases/release.html",
        include_str!("../templates/releases/release.html"),
    ),
];

/// Why the templates could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// An override could not be read.
    #[error("theme file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An override does not compile.
    #[error("theme file {path}: {source}")]
    Compile {
        /// The file.
        path: PathBuf,
        /// What minijinja said.
        source: Box<minijinja::Error>,
    },
}

/// A masthead's stylesheet and the short hash that names its version in
/// its URL, so it can be cached for a year.
#[derive(Debug, Clone)]
pub struct Stylesheet {
    /// The CSS.
    pub css: String,
    /// The version in `site.css?v=VERSION`.
    pub version: String,
}

/// The compiled templates.
pub struct Templates {
    embedded: Environment<'static>,
    themed: HashMap<String, Environment<'static>>,
    /// Each masthead's stylesheet without its accent (its theme's
    /// `site.css`, or ours).
    base_css: HashMap<String, Arc<str>>,
    /// Stylesheets made, by masthead and accent: the config's accent at
    /// first, and one more each time an admin changes it (a handful in a
    /// site's life; see [`Templates::stylesheet`]).
    stylesheets: Mutex<HashMap<(String, String), Arc<Stylesheet>>>,
    plain_stylesheet: Arc<Stylesheet>,
}

impl Templates {
    /// The embedded templates only, for every masthead.
    pub fn embedded(mastheads: &[Masthead]) -> Self {
        Self::load(mastheads, None).expect("the embedded templates compile")
    }

    /// The embedded templates, with each masthead's overrides from
    /// `themes_dir/ID/`.
    pub fn load(mastheads: &[Masthead], themes_dir: Option<&Path>) -> Result<Self, TemplateError> {
        let embedded = environment(&[]).map_err(|(name, source)| TemplateError::Compile {
            path: PathBuf::from(name),
            source: Box::new(source),
        })?;
        let mut themed = HashMap::new();
        let mut stylesheets = HashMap::new();
        let mut base_stylesheets = HashMap::new();
        for masthead in mastheads {
            let folder = themes_dir.map(|d| d.join(masthead.id.as_str()));
            let mut overrides = Vec::new();
            let mut base_css = SITE_CSS.to_owned();
            if let Some(folder) = folder.as_deref().filter(|f| f.is_dir()) {
                let read = |path: &Path| {
                    std::fs::read_to_string(path).map_err(|source| TemplateError::Read {
                        path: path.to_path_buf(),
                        source,
                    })
                };
                for (name, _) in TEMPLATES {
                    let path = folder.join(name);
                    if path.is_file() {
                        overrides.push((*name, read(&path)?));
                    }
                }
                let css = folder.join("site.css");
                if css.is_file() {
                    base_css = read(&css)?;
                }
                if !overrides.is_empty() {
                    let env = environment(&overrides).map_err(|(name, source)| {
                        TemplateError::Compile {
                            path: folder.join(name),
                            source: Box::new(source),
                        }
                    })?;
                    themed.insert(masthead.id.to_string(), env);
                }
            }
            stylesheets.insert(
                (masthead.id.to_string(), masthead.accent.clone()),
                Arc::new(stylesheet(&base_css, Some(&masthead.accent))),
            );
            base_stylesheets.insert(masthead.id.to_string(), Arc::from(base_css));
        }
        Ok(Self {
            embedded,
            themed,
            base_css: base_stylesheets,
            stylesheets: Mutex::new(stylesheets),
            plain_stylesheet: Arc::new(stylesheet(SITE_CSS, None)),
        })
    }

    /// Renders a template for a masthead (`None`: the network's own pages).
    pub fn render(
        &self,
        masthead: Option<&str>,
        name: &str,
        context: impl Serialize,
    ) -> Result<String, minijinja::Error> {
        let env = masthead
            .and_then(|id| self.themed.get(id))
            .unwrap_or(&self.embedded);
        env.get_template(name)?
            .render(minijinja::value::Serde(context))
    }

    /// A masthead's stylesheet with its accent as it is now (`None`: the
    /// network's own pages). Made once per masthead and accent, so an
    /// accent changed in the admin gets a stylesheet, and a version in its
    /// URL, of its own.
    pub fn stylesheet(&self, masthead: Option<&Masthead>) -> Arc<Stylesheet> {
        let Some(masthead) = masthead else {
            return Arc::clone(&self.plain_stylesheet);
        };
        let Some(base) = self.base_css.get(masthead.id.as_str()) else {
            return Arc::clone(&self.plain_stylesheet);
        };
        let key = (masthead.id.to_string(), masthead.accent.clone());
        let mut made = self
            .stylesheets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            made.entry(key)
                .or_insert_with(|| Arc::new(stylesheet(base, Some(&masthead.accent)))),
        )
    }
}

/// An environment with the embedded templates, `overrides` replacing some.
fn environment(
    overrides: &[(&'static str, String)],
) -> Result<Environment<'static>, (&'static str, minijinja::Error)> {
    let mut env = Environment::new();
    env.set_formatter(html_formatter);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in TEMPLATES {
        match overrides.iter().find(|(n, _)| n == name) {
            Some((_, text)) => env
                .add_template_owned(*name, text.clone())
                .map_err(|e| (*name, e))?,
            None => env.add_template(name, source).map_err(|e| (*name, e))?,
        }
    }
    // Every template is compiled now, not at its first request.
    for (name, _) in TEMPLATES {
        env.get_template(name).map_err(|e| (*name, e))?;
    }
    Ok(env)
}

/// The stylesheet with the masthead's accent as custom properties in
/// front: the accent for light pages, and one mixed halfway to white for
/// dark ones, so links keep their contrast on a dark background.
fn stylesheet(base: &str, accent: Option<&str>) -> Stylesheet {
    let accent = accent.unwrap_or(newsdesk_domain::masthead::DEFAULT_ACCENT);
    let css = format!(
        ":root{{--accent:{accent};--accent-dark:{}}}\n{base}",
        lighten(accent)
    );
    let version = format!("{:08x}", crate::cache::fingerprint(css.as_bytes()) as u32);
    Stylesheet { css, version }
}

/// `#rrggbb` mixed halfway with white.
fn lighten(hex: &str) -> String {
    let channel =
        |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    let mix = |c: u8| (u16::from(c) + 255) / 2;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1)),
        mix(channel(3)),
        mix(channel(5))
    )
}

/// Escapes what templates print in HTML: `& < > " '` and nothing more, so
/// URLs stay readable in the page source (minijinja's default also escapes `/`).
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if *state.auto_escape() == AutoEscape::None || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    out.write_str(&escape(&text)).map_err(Error::from)
}

/// Text escaped for HTML: `& < > " '`.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_escaped_but_slashes_stay() {
        let html = Templates::embedded(&[])
            .render(
                None,
                "network.html",
                json!({
                    "page": {"title": "Mastheads", "lang": "en", "stylesheet": "/static/site.css"},
                    "mastheads": [{
                        "name": "<script>alert('x')</script> & co",
                        "href": "/m/kenya-star/",
                        "host": "k",
                    }],
                }),
            )
            .unwrap();
        assert!(html.contains("href=\"/m/kenya-star/\""), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn accents_are_lightened_for_dark_pages() {
        assert_eq!(lighten("#000000"), "#7f7f7f");
        assert_eq!(lighten("#a4262c"), "#d19295");
        let sheet = stylesheet("body{}", Some("#a4262c"));
        assert!(
            sheet
                .css
                .starts_with(":root{--accent:#a4262c;--accent-dark:#d19295}")
        );
        assert_eq!(sheet.version.len(), 8);
    }
}
