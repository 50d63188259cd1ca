//! Masks whatever in a line of text looks like a credential, before the line leaves the
//! PC in a diagnostics report.
//!
//! Two kinds of evidence, either enough:
//! - a label that names a secret (`api_key=…`, `X-Signature: …`, `"pin": "…"`,
//!   `Authorization: Bearer …`): its value goes;
//! - a value shaped like one, whatever its label: an IIMMPACT API key (`iimm_…`), or a
//!   long run of Base64 or hex with letters and digits (an HMAC secret, a signature, a
//!   token).
//!
//! It errs on the side of masking: a masked nonce or path costs support a detail, a
//! leaked secret costs the merchant a key rotation.

/// What a masked value becomes.
pub const MASK: &str = "***";

/// Shorter opaque runs are refids, dates and amounts; an HMAC secret is 44 Base64
/// characters, a signature 44, a JWT's parts longer still.
const OPAQUE_MIN_LEN: usize = 32;

/// `text` with every value that looks like a secret replaced by [`MASK`].
pub fn scrub(text: &str) -> String {
    mask_opaque_values(&mask_labelled_values(text))
}

/// What a label says about the value after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// Not a secret's name.
    Plain,
    /// Its value ends at a space or punctuation.
    Word,
    /// Its value may hold spaces (`Bearer …`, `a=1; b=2`): it runs to the end of the line.
    Line,
    /// `Bearer`: the word after it is the token.
    Scheme,
}

fn label(ident: &str) -> Label {
    let lower = ident.to_ascii_lowercase();
    let joined: String = lower.chars().filter(|c| !matches!(c, '_' | '-')).collect();
    let is_pin = lower.split(['_', '-']).any(|part| part == "pin") || joined.ends_with("pin");
    if joined == "bearer" {
        Label::Scheme
    } else if ["authorization", "cookie"]
        .iter()
        .any(|w| joined.contains(w))
    {
        Label::Line
    } else if is_pin
        || [
            "secret",
            "signature",
            "password",
            "passwd",
            "token",
            "apikey",
            "voucherlink",
            "hmac",
        ]
        .iter()
        .any(|w| joined.contains(w))
    {
        Label::Word
    } else {
        Label::Plain
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn ends_word(b: u8) -> bool {
    b.is_ascii_whitespace() || b",;&)}]\"'".contains(&b)
}

fn run(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !keep(b))
        .map_or(bytes.len(), |n| from + n)
}

/// Every index below is next to an ASCII byte (or the end), so slicing there keeps
/// the text's UTF-8 whole.
fn mask_labelled_values(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) {
            let next = run(bytes, i + 1, |b| !is_ident(b));
            out.push_str(&text[i..next]);
            i = next;
            continue;
        }
        let end = run(bytes, i, is_ident);
        let kind = label(&text[i..end]);
        out.push_str(&text[i..end]);
        i = end;
        if kind == Label::Plain {
            continue;
        }
        if let Some((value_start, quote)) = separator(bytes, i) {
            let value_end = match quote {
                Some(q) => run(bytes, value_start, |b| b != q),
                None if kind == Label::Line => run(bytes, value_start, |b| b != b'\n'),
                None => run(bytes, value_start, |b| !ends_word(b)),
            };
            out.push_str(&text[i..value_start]);
            if value_end > value_start {
                out.push_str(MASK);
            }
            i = value_end;
        } else if bytes.get(i) == Some(&b' ') {
            // `PIN 1234`, `Bearer abc`: a word, not a sentence ("PIN NOT kept").
            // A word holding `=` or `:` (Base64 padding aside) is the next field.
            let word_end = run(bytes, i + 1, |b| !ends_word(b));
            let word = &text[i + 1..word_end];
            let field = word.trim_end_matches('=').contains(['=', ':']);
            let secret = kind == Label::Scheme || word.bytes().any(|b| b.is_ascii_digit());
            if !word.is_empty() && !field && secret {
                out.push(' ');
                out.push_str(MASK);
                i = word_end;
            }
        }
    }
    out
}

/// After a label: a closing quote, `=` or `:` (never Rust's `::`), spaces, an opening
/// quote. Gives where the value starts and the quote it ends at, if any.
fn separator(bytes: &[u8], after_label: usize) -> Option<(usize, Option<u8>)> {
    let at = |k: usize| bytes.get(k).copied();
    let mut k = after_label;
    if matches!(at(k), Some(b'"' | b'\'')) {
        k += 1;
    }
    k = run(bytes, k, |b| b == b' ');
    match at(k) {
        Some(b'=') => {}
        Some(b':') if at(k + 1) != Some(b':') => {}
        _ => return None,
    }
    k = run(bytes, k + 1, |b| b == b' ');
    match at(k) {
        Some(q @ (b'"' | b'\'')) => Some((k + 1, Some(q))),
        _ => Some((k, None)),
    }
}

/// Base64 (standard and URL-safe) and hex; `=` only as padding, after a run, so that
/// `refid=KTR-…` stays a name and a value.
fn is_opaque(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"+/_-".contains(&b)
}

fn mask_opaque_values(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let body = run(bytes, i, is_opaque);
        let end = (body..bytes.len().min(body + 2))
            .take_while(|&k| bytes[k] == b'=')
            .last()
            .map_or(body, |k| k + 1);
        if body == i {
            let next = run(bytes, i + 1, |b| !is_opaque(b));
            out.push_str(&text[i..next]);
            i = next;
            continue;
        }
        let token = &text[i..end];
        out.push_str(if looks_secret(token) { MASK } else { token });
        i = end;
    }
    out
}

fn looks_secret(token: &str) -> bool {
    let api_key = token
        .get(..5)
        .is_some_and(|head| head.eq_ignore_ascii_case("iimm_"));
    let opaque = token.len() >= OPAQUE_MIN_LEN
        && token.bytes().any(|b| b.is_ascii_digit())
        && token.bytes().any(|b| b.is_ascii_alphabetic());
    api_key || opaque
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_secrets_lose_their_values() {
        let cases = [
            ("X-Api-Key: iimm_prod_abc123", "X-Api-Key: ***"),
            ("api_key=k1 state=ok", "api_key=*** state=ok"),
            (
                "x-signature=v1=DUIOfi/RVjagQN9hDQB1IsQw+LqUigo5NkPB5n5dAGQ= nonce=n",
                "x-signature=*** nonce=n",
            ),
            (
                r#"{"api_key":"iimm_dev_x","secret": "c2VjcmV0", "amount":"10.00"}"#,
                r#"{"api_key":"***","secret": "***", "amount":"10.00"}"#,
            ),
            (
                "Authorization: Bearer eyJhbGciOi.e30.sig, and more\nnext line",
                "Authorization: ***\nnext line",
            ),
            ("token='abc def' x=1", "token='***' x=1"),
            ("hmacSecret=c2VjcmV0", "hmacSecret=***"),
            ("pin=482913", "pin=***"),
            ("supervisor_pin: 1234", "supervisor_pin: ***"),
            (
                r#""voucherPin": "1234 5678 9012""#,
                r#""voucherPin": "***""#,
            ),
            ("PIN 9876-5432 issued", "PIN *** issued"),
            (
                "voucherlink=https://gift.example/r?code=Q1 refid=KTR-1",
                "voucherlink=*** refid=KTR-1",
            ),
            ("password = hunter2;", "password = ***;"),
            ("Cookie: a=1; b=2", "Cookie: ***"),
            ("sent with Bearer abc.def", "sent with Bearer ***"),
            (
                "Kedai Runcit Ali — pin=1234 ✓",
                "Kedai Runcit Ali — pin=*** ✓",
            ),
        ];
        for (line, scrubbed) in cases {
            assert_eq!(scrub(line), scrubbed, "{line}");
        }
    }

    #[test]
    fn secret_shaped_values_go_whatever_their_label() {
        let cases = [
            (
                "rejected key iimm_prod_ab12cd34 (401)",
                "rejected key *** (401)",
            ),
            (
                "HMAC c2VjcmV0IGtleSB0aGF0IGlzIGxvbmcgZW5vdWdoMTI= in error",
                "HMAC *** in error",
            ),
            (
                "header v1=s7y7LzjMdR4e4LGksdIxZJPb2brEpPsD5xJYPDjUEsU= sent",
                "header v1=*** sent",
            ),
            (
                "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "sha ***",
            ),
        ];
        for (line, scrubbed) in cases {
            assert_eq!(scrub(line), scrubbed, "{line}");
        }
    }

    #[test]
    fn what_support_needs_is_left_alone() {
        let lines = [
            "2026-11-25T08:00:00.123456Z  INFO kaunter::payments: payment reply refid=KTR-20261125-0123456789abcdef status_code=200 status=Succeeded",
            "2026-11-25T08:00:01Z  INFO kaunter::vault: voucher PIN/link revealed on purpose refid=KTR-20261125-0123456789abcdef",
            "2026-11-25T08:00:02Z  WARN kaunter::supervisor: wrong supervisor PIN tries_left=4",
            "voucher PIN NOT kept in the journal (no key to seal it)",
            "at kaunter::supervisor::pin::verify (/home/ali/.local/share/kaunter/logs)",
            r"C:\Users\Ali\AppData\Local\Kaunter\Kaunter\data\journal.sqlite3",
            "product=D account=0123456789 amount=10.00",
            "the secret was refused: not_base64",
            "",
        ];
        for line in lines {
            assert_eq!(scrub(line), line);
        }
    }
}
