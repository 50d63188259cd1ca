//! Voucher secrets at rest: a voucher's PIN and gift link are money (whoever has one can
//! spend the voucher), so the journal keeps them only sealed (see [`seal`]), under a key
//! per environment that lives in the OS keychain, never beside the journal. A copied
//! journal file gives none of them away.
//!
//! Keys: service `kaunter`, user `journal-pin-key-<env>` (Base64 of 32 random bytes),
//! made on the first voucher an environment sells. Demo uses a fixed key
//! ([`VoucherKey::demo`]). A supervisor reset leaves these keys alone: without them no
//! past voucher could be shown again, and they open nothing but vouchers already sold.
//!
//! The clear text exists only in the reply to a payment or re-check this process made
//! (the cashier hands it to the customer right away), and when someone asks for it on
//! purpose ([`Vault::reveal`]: History's reveal, a reprinted receipt).
//!
//! Without the key (no keyring, locked, refused) when a reply brings a secret, the
//! payment is not held up: its outcome is journalled, the secret is marked as not kept
//! (`voucher_not_stored`) and shown to the cashier this once, and the log says so
//! without it.

mod seal;

use std::sync::Arc;

use iimmpact::models::TopupReply;
use iimmpact::Refid;
use tokio::sync::OnceCell;

pub use seal::{Field, VoucherKey, VoucherSecret};

use crate::credentials::{self, Keychain};
use crate::journal::{Journal, PaymentRecord, SealedVoucher, VoucherSeal};
use crate::{Environment, Error, Result};

pub struct Vault {
    environment: Environment,
    keychain: Keychain,
    journal: Arc<Journal>,
    /// Read (or made) once per process, on first need; a failure is tried again next time.
    key: OnceCell<VoucherKey>,
}

impl Vault {
    pub fn new(environment: Environment, keychain: Keychain, journal: Arc<Journal>) -> Self {
        Self {
            environment,
            keychain,
            journal,
            key: OnceCell::new(),
        }
    }

    /// What the journal keeps of a reply's voucher secrets. Never fails: without the
    /// key they are marked as not kept, and the payment's outcome is journalled anyway.
    pub async fn seal(&self, refid: &Refid, reply: &TopupReply) -> VoucherSeal {
        let pin = VoucherSecret::from_reply(reply.pin.as_deref());
        let link = VoucherSecret::from_reply(reply.voucherlink.as_deref());
        if pin.is_none() && link.is_none() {
            return VoucherSeal::NOTHING;
        }
        match self.key().await {
            Ok(key) => VoucherSeal::Sealed(SealedVoucher {
                pin: pin.map(|pin| key.seal(refid, Field::Pin, &pin)),
                voucherlink: link.map(|link| key.seal(refid, Field::VoucherLink, &link)),
            }),
            Err(error) => {
                tracing::error!(%refid, %error, "voucher PIN/link NOT kept in the journal (no key to seal it): shown to the cashier this once");
                VoucherSeal::NotStored
            }
        }
    }

    /// `record` with its sealed voucher secrets opened, on purpose (and logged, without
    /// them). Fails when they cannot be opened: no key, or not sealed for this payment.
    pub async fn reveal(&self, mut record: PaymentRecord) -> Result<PaymentRecord> {
        if !record.has_pin && !record.has_voucherlink {
            return Ok(record);
        }
        let key = self.key().await?;
        let sealed = self.journal.sealed_voucher(&record.refid)?;
        let open = |field, sealed: Option<Vec<u8>>| {
            sealed
                .map(|sealed| key.open(&record.refid, field, &sealed))
                .transpose()
        };
        let pin = open(Field::Pin, sealed.pin)?;
        let voucherlink = open(Field::VoucherLink, sealed.voucherlink)?;
        tracing::info!(refid = %record.refid, "voucher PIN/link revealed on purpose");
        record.pin = pin;
        record.voucherlink = voucherlink;
        Ok(record)
    }

    /// Seals the secrets an older Kaunter journalled in clear. Asks for the key only
    /// when there are some.
    pub async fn seal_clear(&self) -> Result<()> {
        if self.journal.has_clear_secrets()? {
            self.key().await?;
        }
        Ok(())
    }

    async fn key(&self) -> Result<&VoucherKey> {
        self.key
            .get_or_try_init(|| async {
                let key = self.load_or_create().await?;
                // The first moment this process can: a failure leaves them for the next.
                match self.journal.seal_clear_secrets(&key) {
                    Ok(0) => {}
                    Ok(sealed) => {
                        tracing::info!(environment = %self.environment, sealed, "voucher secrets journalled in clear by an older Kaunter are sealed")
                    }
                    Err(error) => {
                        tracing::warn!(environment = %self.environment, %error, "voucher secrets journalled in clear are not sealed yet")
                    }
                }
                Ok(key)
            })
            .await
    }

    async fn load_or_create(&self) -> Result<VoucherKey> {
        let Some(user) = credentials::journal_key_user(self.environment) else {
            return Ok(VoucherKey::demo());
        };
        if let Some(key) = self.stored_key(&user).await? {
            return Ok(key);
        }
        // Two processes (the app, a CLI) selling their first voucher at once must agree
        // on one key, or what one of them seals can never be opened: the journal's write
        // lock (per environment, like the key) lets one create it while the other waits
        // and then reads it.
        let journal = self.journal.clone();
        let _lock = tokio::task::spawn_blocking(move || journal.write_lock())
            .await
            .map_err(|e| Error::Storage(format!("locking the journal to make its key: {e}")))??;
        if let Some(key) = self.stored_key(&user).await? {
            return Ok(key);
        }
        let key = VoucherKey::generate();
        self.keychain.set_text(&user, &key.to_base64()).await?;
        tracing::info!(environment = %self.environment, "journal key for voucher secrets made and kept in the keychain");
        Ok(key)
    }

    async fn stored_key(&self, user: &str) -> Result<Option<VoucherKey>> {
        let text = self
            .keychain
            .get_text(user)
            .await?
            .map(zeroize::Zeroizing::new);
        text.map(|text| VoucherKey::from_base64(&text)).transpose()
    }
}
