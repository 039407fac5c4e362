//! Templates and assets, embedded in the binary at compile time.
//!
//! Templates are minijinja, auto-escaped (every `.html` template escapes
//! what it prints unless told otherwise, and we never tell it otherwise:
//! stories are stored as plain text). They are compiled once at start.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, Output, State};
use serde::Serialize;

/// The site's stylesheet.
pub const SITE_CSS: &str = include_str!("../static/site.css");

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("front.html", include_str!("../templates/front.html")),
    ("story.html", include_str!("../templates/story.html")),
    ("network.html", include_str!("../templates/network.html")),
];

/// The compiled templates.
pub struct Templates {
    env: Environment<'static>,
}

impl Default for Templates {
    fn default() -> Self {
        Self::new()
    }
}

impl Templates {
    /// Compiles every template; a broken template is a bug caught by any test.
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name}: {e}"));
        }
        Self { env }
    }

    /// Renders a template with a context.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, minijinja::Error> {
        self.env
            .get_template(name)?
            .render(minijinja::value::Serde(context))
    }
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
    let mut escaped = String::with_capacity(text.len());
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
    out.write_str(&escaped).map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Page {
        masthead: Option<()>,
        mastheads: Vec<Entry>,
    }

    #[derive(Serialize)]
    struct Entry {
        name: &'static str,
        href: &'static str,
        host: &'static str,
    }

    #[test]
    fn text_is_escaped_but_slashes_stay() {
        let html = Templates::new()
            .render(
                "network.html",
                Page {
                    masthead: None,
                    mastheads: vec![Entry {
                        name: "<script>alert('x')</script> & co",
                        href: "/m/kenya-star/",
                        host: "k",
                    }],
                },
            )
            .unwrap();
        assert!(html.contains("href=\"/m/kenya-star/\""), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
        assert!(!html.contains("<script>"));
    }
}
