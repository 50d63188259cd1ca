//! HMAC-SHA256 request signing, exactly as IIMMPACT's API-key scheme defines it.
//!
//! ```text
//! canonical = "v1:" TIMESTAMP ":" NONCE ":" METHOD ":" QUERY ":" BODY_HASH
//! X-Signature = "v1=" Base64(HMAC_SHA256(Base64Decode(secret), canonical))
//! ```
//!
//! The same functions serve the client (to sign) and the simulator (to verify), so the
//! two can never disagree about the canonical string.
//!
//! # Decisions on open questions (`../shared/iimmpact-api.md` §5.1)
//! * Query parameters are rendered `key=value` with **decoded** values, sorted by key
//!   and then by value (byte order), joined with `&`; an empty value renders as `key=`.
//! * The client also sends repeated keys on the wire in that same sorted order, so a
//!   server that stable-sorts by key alone computes the same string as one that sorts
//!   by key and value: the choice cannot break a real request.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::secret::HmacSecret;

/// The version tag that starts the canonical string and the `X-Signature` value.
pub const VERSION: &str = "v1";

/// Header names as the docs write them.
pub const HEADER_API_KEY: &str = "X-Api-Key";
pub const HEADER_TIMESTAMP: &str = "X-Timestamp";
pub const HEADER_NONCE: &str = "X-Nonce";
pub const HEADER_SIGNATURE: &str = "X-Signature";

/// Shortest and longest nonce the server accepts.
pub const NONCE_LEN: std::ops::RangeInclusive<usize> = 16..=128;

/// Base64 of the SHA-256 of the exact body bytes (empty body included).
pub fn body_hash(body: &[u8]) -> String {
    B64.encode(Sha256::digest(body))
}

/// The canonical query string: decoded pairs sorted by key, then value.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_unstable();
    let mut out = String::new();
    for (i, (k, v)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// Everything that goes into one signature.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    /// Upper-case HTTP method.
    pub method: &'a str,
    /// Already canonical (see [`canonical_query`]).
    pub query: &'a str,
    /// The exact bytes sent on the wire.
    pub body: &'a [u8],
}

impl SigningInput<'_> {
    pub fn canonical_string(&self) -> String {
        format!(
            "{VERSION}:{}:{}:{}:{}:{}",
            self.timestamp,
            self.nonce,
            self.method,
            self.query,
            body_hash(self.body)
        )
    }
}

/// The `X-Signature` header value, `v1=<base64>`.
pub fn sign(secret: &HmacSecret, input: &SigningInput<'_>) -> String {
    let mut mac = mac_for(secret);
    mac.update(input.canonical_string().as_bytes());
    format!("{VERSION}={}", B64.encode(mac.finalize().into_bytes()))
}

/// Constant-time check of an `X-Signature` header value against the input.
pub fn verify(secret: &HmacSecret, input: &SigningInput<'_>, header: &str) -> bool {
    let Some(given) = header.strip_prefix("v1=") else {
        return false;
    };
    let Ok(given) = B64.decode(given) else {
        return false;
    };
    let mut mac = mac_for(secret);
    mac.update(input.canonical_string().as_bytes());
    mac.verify_slice(&given).is_ok()
}

fn mac_for(secret: &HmacSecret) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    Hmac::<Sha256>::new_from_slice(secret.key_bytes()).expect("HMAC accepts any key length")
}

/// A fresh nonce in the docs' own style: `req-<timestamp>-<32 hex>` (well inside 16–128).
pub fn new_nonce(timestamp: i64) -> String {
    let bytes: [u8; 16] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("req-{timestamp}-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const TS: &str = "1704067200";
    const NONCE: &str = "req-1704067200-a1b2c3d4e5f6";

    fn secret() -> HmacSecret {
        HmacSecret::from_base64(SECRET).unwrap()
    }

    fn signed(method: &str, query: &str, body: &[u8]) -> (String, String) {
        let input = SigningInput {
            timestamp: TS,
            nonce: NONCE,
            method,
            query,
            body,
        };
        (input.canonical_string(), sign(&secret(), &input))
    }

    #[test]
    fn empty_body_hash_is_the_documented_constant() {
        assert_eq!(
            body_hash(b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn vector_1_get_balance() {
        let (canonical, sig) = signed("GET", "", b"");
        assert_eq!(
            canonical,
            "v1:1704067200:req-1704067200-a1b2c3d4e5f6:GET::47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(sig, "v1=DUIOfi/RVjagQN9hDQB1IsQw+LqUigo5NkPB5n5dAGQ=");
    }

    #[test]
    fn vector_2_networkstatus() {
        let (canonical, sig) = signed("GET", &canonical_query(&[("product", "TNB")]), b"");
        assert_eq!(
            canonical,
            "v1:1704067200:req-1704067200-a1b2c3d4e5f6:GET:product=TNB:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(sig, "v1=FlF4vXf1rPWCFol1DcqSRFwuKJbMzJfE7DSOm8lxk7A=");
    }

    #[test]
    fn vector_3_balance_statement_sorted_decoded_query() {
        let query = canonical_query(&[
            ("type", "DEPOSIT"),
            ("date", "2025-05-01 - 2025-05-31"),
            ("page", "2"),
        ]);
        let (canonical, sig) = signed("GET", &query, b"");
        assert_eq!(
            canonical,
            "v1:1704067200:req-1704067200-a1b2c3d4e5f6:GET:date=2025-05-01 - 2025-05-31&page=2&type=DEPOSIT:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(sig, "v1=NplGgC140R3Ust7rVVD8DD4rrLlxgOa5XxPCCAgr9ok=");
    }

    #[test]
    fn vector_4_topup_body() {
        let body = br#"{"refid":"ORDER-0001","product":"D","account":"0123456789","amount":10}"#;
        assert_eq!(
            body_hash(body),
            "YofnP3j+85WVQmDHfoxnDW7A3PedGKi3KUAgudteBuk="
        );
        let (_, sig) = signed("POST", "", body);
        assert_eq!(sig, "v1=s7y7LzjMdR4e4LGksdIxZJPb2brEpPsD5xJYPDjUEsU=");
    }

    #[test]
    fn verify_accepts_own_signature_and_rejects_tampering() {
        let input = SigningInput {
            timestamp: TS,
            nonce: NONCE,
            method: "GET",
            query: "",
            body: b"",
        };
        let sig = sign(&secret(), &input);
        assert!(verify(&secret(), &input, &sig));
        let tampered = SigningInput {
            method: "POST",
            ..input
        };
        assert!(!verify(&secret(), &tampered, &sig));
        assert!(!verify(&secret(), &input, sig.trim_start_matches("v1=")));
        assert!(!verify(&secret(), &input, "v1=not base64!"));
    }

    #[test]
    fn nonce_is_within_documented_length_and_fresh() {
        let a = new_nonce(1_704_067_200);
        let b = new_nonce(1_704_067_200);
        assert!(NONCE_LEN.contains(&a.len()), "{a}");
        assert_ne!(a, b);
    }

    proptest! {
        #[test]
        fn canonical_query_ignores_input_order(
            mut pairs in proptest::collection::vec(("[a-z_]{1,8}", "[ -~]{0,12}"), 0..8)
        ) {
            let first = canonical_query(&pairs);
            pairs.reverse();
            prop_assert_eq!(&first, &canonical_query(&pairs));
            // Every pair appears once, undecorated: no percent-encoding creeps in.
            let expected_len: usize = pairs.iter().map(|(k, v)| k.len() + v.len() + 1).sum::<usize>()
                + pairs.len().saturating_sub(1);
            prop_assert_eq!(first.len(), expected_len);
        }

        #[test]
        fn canonical_query_is_sorted_by_key_then_value(
            pairs in proptest::collection::vec(("[a-c]{1,2}", "[a-c0-9]{0,3}"), 1..10)
        ) {
            let rendered = canonical_query(&pairs);
            let parts: Vec<(&str, &str)> = rendered
                .split('&')
                .map(|p| p.split_once('=').unwrap())
                .collect();
            prop_assert!(parts.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}
