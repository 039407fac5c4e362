//! `robots.txt`: crawlers may read everything but search results.
//!
//! Search result pages are endless and say nothing a story page does not,
//! so `/search` (and anything under it) is closed to crawlers; the sitemap
//! tells them where the stories are. Rules match by path prefix, so this
//! covers a masthead served at its own host; one served under `/m/ID/` on
//! the network's address needs that prefix in its rule.

/// The content type to send with `robots.txt`.
pub const CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// `robots.txt` for a site whose sitemap (or sitemap index) is at
/// `sitemap_url`, an absolute URL.
///
/// Control characters in the URL (a line break above all, which would
/// start a rule of its own) are dropped.
pub fn robots_txt(sitemap_url: &str) -> String {
    let sitemap_url: String = sitemap_url.chars().filter(|c| !c.is_control()).collect();
    format!("User-agent: *\nDisallow: /search\n\nSitemap: {sitemap_url}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_but_search_is_open() {
        assert_eq!(
            robots_txt("https://star.example/sitemap.xml"),
            "User-agent: *\nDisallow: /search\n\nSitemap: https://star.example/sitemap.xml\n"
        );
    }

    #[test]
    fn a_line_break_cannot_add_a_rule() {
        let text = robots_txt("https://star.example/s.xml\nDisallow: /\r\n");
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(!text.contains("\nDisallow: /\n"));
    }
}
