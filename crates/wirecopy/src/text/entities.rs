//! HTML entities and stray tags, as feeds and pages leave them in text.
//!
//! One outlet's copy says `&quot;no&quot;`, another's `“no”`, a third's
//! `<p>` is still in the summary. [`decode`] turns the common named
//! entities and every numeric one into their characters and drops
//! anything that looks like a tag; an unknown entity stays as written.

/// Named entities decoded (the rest are rare in news text).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("apos", '\''),
    ("bull", '•'),
    ("copy", '©'),
    ("eacute", 'é'),
    ("gt", '>'),
    ("hellip", '…'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("nbsp", ' '),
    ("ndash", '–'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rsquo", '’'),
    ("shy", '\u{ad}'),
];

/// The longest entity name read between `&` and `;`.
const MAX_ENTITY: usize = 10;

/// Text with entities decoded and tags dropped.
pub fn decode(text: &str) -> String {
    if !text.contains(['&', '<']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            rest = after_tag(rest, &mut out);
        } else {
            rest = after_entity(rest, &mut out);
        }
    }
    out.push_str(rest);
    out
}

/// Skips a tag at the start of `rest` (a `<` then a letter, `/` or `!`,
/// up to the next `>`); block tags become line breaks. A lone `<` is kept.
fn after_tag<'a>(rest: &'a str, out: &mut String) -> &'a str {
    let next = rest[1..].chars().next();
    let is_tag = next.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
    match rest.find('>') {
        Some(end) if is_tag => {
            let name = rest[1..end].trim_start_matches('/').to_ascii_lowercase();
            if ["p", "br", "div", "li", "h"]
                .iter()
                .any(|b| name.starts_with(b))
            {
                out.push('\n');
            } else {
                out.push(' ');
            }
            &rest[end + 1..]
        }
        _ => {
            out.push('<');
            &rest[1..]
        }
    }
}

/// Decodes an entity at the start of `rest`, or keeps the `&`.
fn after_entity<'a>(rest: &'a str, out: &mut String) -> &'a str {
    let end = rest[1..]
        .char_indices()
        .take(MAX_ENTITY + 1)
        .find(|(_, c)| *c == ';');
    if let Some((end, _)) = end {
        let name = &rest[1..1 + end];
        if let Some(ch) = entity(name) {
            out.push(ch);
            return &rest[end + 2..];
        }
    }
    out.push('&');
    &rest[1..]
}

/// The character an entity name stands for.
fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn entities_and_tags_are_decoded() {
        assert_eq!(
            decode("Tom &amp; Jerry&#8217;s &#x201C;show&rdquo;"),
            "Tom & Jerry’s “show”"
        );
        assert_eq!(
            decode("<p>One</p><p>Two <b>bold</b></p>"),
            "\nOne\n\nTwo  bold \n"
        );
        assert_eq!(decode("a < b && c &unknown; d"), "a < b && c &unknown; d");
        assert_eq!(decode("&#99999999; &"), "&#99999999; &");
    }
}
