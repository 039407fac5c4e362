//! Bytes to text: which character encoding a page is in.
//!
//! The order, as browsers do it: a byte order mark; then the charset of the
//! HTTP `Content-Type` header, when given; then a `<meta charset>` or
//! `<meta http-equiv="Content-Type">` in the first 4 KiB; then detection
//! from the bytes. Two refinements for pages that lie: bytes that are valid
//! UTF-8 and contain non-ASCII text are read as UTF-8 whatever a `<meta>`
//! says (legacy encodings almost never form valid multi-byte UTF-8 by
//! chance), and a declared label the encoding standard does not know falls
//! through to detection. Decoding never fails: bytes that do not fit become
//! U+FFFD.

use encoding_rs::{Encoding, UTF_8};

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Header,
    /// Valid UTF-8 bytes, despite what the page declared.
    ValidUtf8,
    /// A `<meta>` in the page.
    Meta,
    /// Detection from the bytes.
    Detected,
}

/// A decoded page.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub source: EncodingSource,
}

/// Decodes `bytes`, given the HTTP `Content-Type` if known.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], encoding, EncodingSource::Bom);
    }
    if let Some(encoding) = content_type.and_then(charset_param).and_then(label) {
        return finish(bytes, encoding, EncodingSource::Header);
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    if utf8 && !bytes.is_ascii() {
        return finish(bytes, UTF_8, EncodingSource::ValidUtf8);
    }
    if let Some(encoding) = meta_charset(&bytes[..bytes.len().min(4096)]) {
        return finish(bytes, encoding, EncodingSource::Meta);
    }
    if utf8 {
        return finish(bytes, UTF_8, EncodingSource::Detected);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(256 * 1024)], true);
    finish(
        bytes,
        detector.guess(None, chardetng::Utf8Detection::Allow),
        EncodingSource::Detected,
    )
}

fn finish(bytes: &[u8], encoding: &'static Encoding, source: EncodingSource) -> Decoded {
    // UTF-16 labels in a <meta> are a lie by definition (the meta was readable as ASCII).
    let encoding = if source == EncodingSource::Meta
        && (encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE)
    {
        UTF_8
    } else {
        encoding
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        source,
    }
}

fn label(name: &str) -> Option<&'static Encoding> {
    Encoding::for_label(name.trim().trim_matches(['"', '\'']).as_bytes())
}

/// The `charset=` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then_some(value.trim())
    })
}

/// The encoding a `<meta>` declares in the page's first bytes.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(pos) = find(tag, b"charset") {
            let rest = &tag[pos + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = trim_start(rest)
                    .iter()
                    .copied()
                    .skip_while(|b| *b == b'"' || *b == b'\'')
                    .take_while(|b| {
                        !matches!(
                            b,
                            b'"' | b'\'' | b' ' | b';' | b'/' | b'>' | b'\t' | b'\n' | b'\r'
                        )
                    })
                    .collect();
                if let Some(encoding) = Encoding::for_label(&value) {
                    return Some(encoding);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=\"iso-8859-1\">Réunion".as_bytes());
        let d = decode(&bytes, Some("text/html; charset=windows-1251"));
        assert_eq!(d.source, EncodingSource::Bom);
        assert!(d.text.ends_with("Réunion"));
    }

    #[test]
    fn header_then_meta() {
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("<p>Москва</p>");
        let d = decode(&cp1251, Some("text/html; charset=\"windows-1251\""));
        assert_eq!(d.text, "<p>Москва</p>");
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">".to_vec();
        page.extend_from_slice(&cp1251);
        let d = decode(&page, None);
        assert_eq!(d.source, EncodingSource::Meta);
        assert!(d.text.ends_with("<p>Москва</p>"));
    }

    #[test]
    fn a_lying_meta_loses_to_valid_utf8() {
        let page = "<meta charset=\"iso-8859-1\"><p>Saint-Denis, La Réunion</p>";
        let d = decode(page.as_bytes(), None);
        assert_eq!(d.source, EncodingSource::ValidUtf8);
        assert!(d.text.contains("Réunion"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("<p>東京の天気は晴れです。明日も晴れるでしょう。</p>");
        let d = decode(&sjis, None);
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains("東京の天気"), "{}", d.text);
    }

    #[test]
    fn broken_utf8_never_fails() {
        let d = decode(
            &[b'<', b'p', b'>', 0xFF, 0xFE, 0xC3],
            Some("text/html; charset=utf-8"),
        );
        assert!(d.text.starts_with("<p>"));
    }
}
