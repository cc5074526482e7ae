//! Turning a page's bytes into text in the charset it declares: a byte-order mark first, then
//! the HTTP `Content-Type`, then a `<meta charset>` or `<?xml encoding>` near the top, then
//! UTF-8. When the declared charset is wrong, another declared one that decodes cleanly wins;
//! when none does, the page is refused rather than imported full of replacement characters.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta charset>` is looked for (the HTML standard says 1024 bytes;
/// real pages put it later behind long comments).
const SNIFF_BYTES: usize = 4096;

/// Replacement characters tolerated, per thousand characters, in a lossy decode.
const MAX_BAD_PER_MILLE: usize = 5;

/// Decodes `bytes`; `content_type` is the HTTP header, when there was one.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<String, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok(text.into_owned());
    }
    let mut declared: Vec<&'static Encoding> = Vec::new();
    if let Some(enc) = content_type.and_then(header_charset) {
        declared.push(enc);
    }
    if let Some(enc) = sniff_meta(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        if !declared.contains(&enc) {
            declared.push(enc);
        }
    }
    let mut candidates = declared.clone();
    if !candidates.contains(&UTF_8) {
        candidates.push(UTF_8);
    }
    for enc in &candidates {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    // Nothing decodes cleanly: a few bad bytes in the declared charset are tolerated.
    let first = declared.first().copied().unwrap_or(WINDOWS_1252);
    let (text, _) = first.decode_without_bom_handling(bytes);
    let bad = text.chars().filter(|&c| c == '\u{fffd}').count();
    let total = text.chars().count().max(1);
    if declared.is_empty() || bad * 1000 <= total * MAX_BAD_PER_MILLE {
        Ok(text.into_owned())
    } else {
        Err(format!(
            "the page is not in the charset it declares ({}): {bad} undecodable characters",
            first.name()
        ))
    }
}

fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    label_at(&lower.as_bytes()[at..])
}

/// The first `charset=` or `encoding=` declaration in the page's opening bytes.
fn sniff_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        if let Some(at) = lower.windows(key.len()).position(|w| w == key) {
            if let Some(enc) = label_at(&lower[at + key.len()..]) {
                return Some(enc);
            }
        }
    }
    None
}

fn label_at(rest: &[u8]) -> Option<&'static Encoding> {
    let rest = rest
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .copied()
        .collect::<Vec<u8>>();
    let enc = Encoding::for_label(&rest)?;
    // A page that says UTF-16 in ASCII bytes is not UTF-16.
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_honoured() {
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("<p>Москва и Токио</p>");
        let html = [b"<meta charset=\"windows-1251\">".as_slice(), &cp1251].concat();
        assert!(decode(&html, None).unwrap().contains("Москва и Токио"));
        assert!(decode(&cp1251, Some("text/html; charset=windows-1251"))
            .unwrap()
            .contains("Токио"));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("日露関係");
        assert_eq!(
            decode(&sjis, Some("text/html; charset=Shift_JIS")).unwrap(),
            "日露関係"
        );
    }

    #[test]
    fn a_wrong_header_loses_to_a_meta_declaration_that_fits() {
        let (cp1251, _, _) =
            encoding_rs::WINDOWS_1251.encode("<meta charset=windows-1251><p>Москва</p>");
        let text = decode(&cp1251, Some("text/html; charset=utf-8")).unwrap();
        assert!(text.contains("Москва"));
    }

    #[test]
    fn bytes_that_fit_no_declared_charset_are_refused() {
        let text = "日露関係についての記事です。".repeat(20);
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let err = decode(&sjis, Some("text/html; charset=utf-8")).unwrap_err();
        assert!(err.contains("UTF-8"), "{err}");
    }
}
