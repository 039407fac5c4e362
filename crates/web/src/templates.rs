//! Templates and assets, embedded in the binary at compile time.
//!
//! Templates are minijinja, auto-escaped (every `.html` template escapes
//! what it prints unless told otherwise, and we never tell it otherwise:
//! stories are stored as plain text). They are compiled once at start.

use minijinja::Environment;
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
