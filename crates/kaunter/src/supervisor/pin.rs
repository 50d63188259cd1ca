//! The supervisor PIN: checked on the way in, hashed slowly, never kept in clear.

use std::fmt;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use iimmpact::Problem;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Error, Result};

const DIGITS_MIN: usize = 4;
const DIGITS_MAX: usize = 12;

/// Argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about
/// 50 ms per guess on an office PC in a release build, cheap enough for a counter and a
/// debug test run, yet every offline guess costs the same 19 MiB. A short PIN still
/// falls to an offline search of its few possibilities; the hash makes that take
/// hours rather than seconds, and the keychain (not a file) keeps it from a copied disk.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// A PIN as typed: 4 to 12 digits. Wiped from memory when dropped; never printed.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SupervisorPin(String);

impl SupervisorPin {
    /// Refuses anything but 4–12 digits, naming the field `pin`. Surrounding spaces and
    /// a trailing newline (from stdin) are not part of it.
    pub fn parse(text: &str) -> Result<Self> {
        let pin = text.trim();
        if !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::invalid("pin", Problem::DigitsOnly));
        }
        if !(DIGITS_MIN..=DIGITS_MAX).contains(&pin.len()) {
            return Err(Error::invalid(
                "pin",
                Problem::Length {
                    min: DIGITS_MIN as u32,
                    max: DIGITS_MAX as u32,
                },
            ));
        }
        Ok(Self(pin.to_owned()))
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) with a fresh salt.
    pub(super) fn hash(&self) -> Result<String> {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        hasher()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| Error::keychain_other(format!("hashing the supervisor PIN: {e}")))
    }

    /// Whether this PIN made `phc`; the parameters are read from the string itself, so
    /// a hash made with other settings still verifies.
    pub(super) fn matches(&self, phc: &str) -> Result<bool> {
        let hash = PasswordHash::new(phc).map_err(|e| {
            // `kaunter supervisor reset` clears it.
            Error::keychain_other(format!("the stored supervisor PIN is not a PIN hash: {e}"))
        })?;
        Ok(hasher().verify_password(self.0.as_bytes(), &hash).is_ok())
    }
}

impl fmt::Debug for SupervisorPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SupervisorPin(***)")
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("the parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_to_twelve_digits_are_a_pin() {
        for good in ["1234", "123456789012", " 4321\n"] {
            assert!(SupervisorPin::parse(good).is_ok(), "{good:?}");
        }
        for bad in ["123", "1234567890123", "12a4", "", "１２３４", "12 34"] {
            let err = SupervisorPin::parse(bad).unwrap_err();
            assert_eq!(err.payload().field.as_deref(), Some("pin"), "{bad:?}");
        }
    }

    #[test]
    fn the_hash_is_salted_argon2id_and_verifies_only_its_pin() {
        let pin = SupervisorPin::parse("482913").unwrap();
        let (one, two) = (pin.hash().unwrap(), pin.hash().unwrap());
        assert!(one.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{one}");
        assert_ne!(one, two, "each hash has its own salt");
        assert!(!one.contains("482913"));
        assert!(pin.matches(&one).unwrap());
        assert!(!SupervisorPin::parse("482914")
            .unwrap()
            .matches(&one)
            .unwrap());
        assert_eq!(format!("{pin:?}"), "SupervisorPin(***)");
    }
}
