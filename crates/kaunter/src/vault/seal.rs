//! Sealing one voucher secret: XChaCha20-Poly1305 under the environment's journal key.
//!
//! A sealed value is `nonce (24 bytes) ‖ ciphertext and tag`. The associated data is
//! the payment's refid and the field's name, so a sealed PIN copied to another row, or
//! into the link's column, no longer opens: a copied journal cannot be reshuffled into
//! showing one voucher's PIN on another's receipt.

use std::fmt;

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use iimmpact::Refid;
use rand::RngCore as _;
use serde::Serialize;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Error, Result};

const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;

/// A voucher's PIN or gift link in clear: whoever holds it can spend the voucher.
/// Wiped from memory when dropped; `Debug` prints `***` so no log line can carry it.
/// It serializes as its text, because the cashier must be shown it.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop, ts_rs::TS)]
#[ts(type = "string")]
pub struct VoucherSecret(String);

impl VoucherSecret {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// A reply's field as a secret, when it holds one.
    pub fn from_reply(text: Option<&str>) -> Option<Self> {
        text.filter(|t| !t.trim().is_empty()).map(Self::new)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Serialize for VoucherSecret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl fmt::Debug for VoucherSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Which secret of a voucher a sealed value holds; part of what it is sealed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Pin,
    VoucherLink,
}

impl Field {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pin => "pin",
            Self::VoucherLink => "voucherlink",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The 256-bit key one environment's journal seals voucher secrets with.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct VoucherKey([u8; KEY_LEN]);

impl fmt::Debug for VoucherKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VoucherKey(***)")
    }
}

impl VoucherKey {
    /// Demo's key, the same on every PC and in the source: Demo's vouchers come from the
    /// built-in simulator and are worth nothing, and Demo must work on a PC without a
    /// keyring. It keeps Demo on the same code path as the real environments.
    pub fn demo() -> Self {
        Self(*b"kaunter demo: not money, no key!")
    }

    /// A fresh key from the OS's random source.
    pub fn generate() -> Self {
        let mut key = Self([0; KEY_LEN]);
        rand::rngs::OsRng.fill_bytes(&mut key.0);
        key
    }

    /// The key as the keychain keeps it (Base64 text).
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|e| {
                    Error::keychain_other(format!("the journal key is not Base64: {e}"))
                })?,
        );
        let key: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| {
            Error::keychain_other(format!(
                "the journal key is {} bytes, not {KEY_LEN}",
                bytes.len()
            ))
        })?;
        Ok(Self(key))
    }

    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(self.0))
    }

    pub fn seal(&self, refid: &Refid, field: Field, secret: &VoucherSecret) -> Vec<u8> {
        let mut nonce = [0; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = associated_data(refid, field);
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.expose().as_bytes(),
                    aad: &aad,
                },
            )
            // Encryption fails only for a message beyond 256 GiB.
            .expect("a voucher secret is a few bytes");
        [nonce.as_slice(), &sealed].concat()
    }

    /// Fails when `sealed` was made for another payment or field, under another key, or
    /// was altered.
    pub fn open(&self, refid: &Refid, field: Field, sealed: &[u8]) -> Result<VoucherSecret> {
        let refused = || {
            Error::Storage(format!(
                "the sealed voucher {field} of payment {refid} does not open: it was sealed for \
                 another payment or under another key, or was altered"
            ))
        };
        if sealed.len() < NONCE_LEN {
            return Err(refused());
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let aad = associated_data(refid, field);
        let clear = Zeroizing::new(
            self.cipher()
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| refused())?,
        );
        let text = std::str::from_utf8(&clear).map_err(|_| refused())?;
        Ok(VoucherSecret::new(text))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }
}

/// The refid, a NUL (which no refid holds) and the field.
fn associated_data(refid: &Refid, field: Field) -> Vec<u8> {
    [refid.as_str().as_bytes(), b"\0", field.as_str().as_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refid(text: &str) -> Refid {
        Refid::parse(text).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_own_payment_field_and_key() {
        let key = VoucherKey::generate();
        let pin = VoucherSecret::new("MPHE39G3WL");
        let sealed = key.seal(&refid("KTR-1"), Field::Pin, &pin);
        assert!(!sealed
            .windows(pin.expose().len())
            .any(|w| w == pin.expose().as_bytes()));
        assert_eq!(key.open(&refid("KTR-1"), Field::Pin, &sealed).unwrap(), pin);

        for (other_refid, other_field) in [("KTR-2", Field::Pin), ("KTR-1", Field::VoucherLink)] {
            let err = key
                .open(&refid(other_refid), other_field, &sealed)
                .unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Storage);
        }
        assert!(VoucherKey::generate()
            .open(&refid("KTR-1"), Field::Pin, &sealed)
            .is_err());
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(key.open(&refid("KTR-1"), Field::Pin, &altered).is_err());
        assert!(key
            .open(&refid("KTR-1"), Field::Pin, &sealed[..10])
            .is_err());
    }

    #[test]
    fn each_seal_draws_a_new_nonce() {
        let key = VoucherKey::demo();
        let pin = VoucherSecret::new("1234");
        let a = key.seal(&refid("KTR-1"), Field::Pin, &pin);
        let b = key.seal(&refid("KTR-1"), Field::Pin, &pin);
        assert_ne!(a, b);
    }

    #[test]
    fn the_key_round_trips_through_its_keychain_text_and_neither_prints() {
        let key = VoucherKey::generate();
        let again = VoucherKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(again.0, key.0);
        assert_eq!(format!("{key:?}"), "VoucherKey(***)");
        assert_eq!(format!("{:?}", VoucherSecret::new("MPHE39G3WL")), "***");
        let short = base64::engine::general_purpose::STANDARD.encode([1u8; 16]);
        let err = VoucherKey::from_base64(&short).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Keychain);
        assert!(err.to_string().contains("16 bytes"), "{err}");
    }
}
