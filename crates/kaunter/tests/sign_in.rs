//! The legacy sign-in through the core and the real Secret Service: the tokens live in
//! the keychain and in no file, a refresh is written back, a payment signed with the
//! ID token is charged once, and signing out forgets them.
//!
//! Needs the private session `scripts/with-keyring.sh` starts; without it they skip.

mod common;

use std::path::Path;
use std::time::Duration;

use iimmpact_sim::{SimConfig, SimHandle, Simulator, DEMO_PASSWORD, DEMO_USERNAME};
use kaunter::credentials::{CredentialKind, CredentialSource, Keychain};
use kaunter::journal::PaymentState;
use kaunter::paths::Paths;
use kaunter::session::{Session, SessionConfig};
use kaunter::supervisor::{Supervisor, SupervisorUnlock};
use kaunter::{AuthFailure, Environment, ErrorKind};

const ENV: Environment = Environment::Staging;

/// A keychain service of this test's own, a data dir, and the supervisor's unlock.
struct Counter {
    sim: SimHandle,
    service: String,
    dir: tempfile::TempDir,
    unlock: SupervisorUnlock,
}

impl Counter {
    async fn new(config: SimConfig) -> Self {
        let sim = Simulator::start(config).await.unwrap();
        let service = format!("kaunter-test-{}", uuid::Uuid::new_v4());
        let dir = tempfile::tempdir().unwrap();
        let unlock =
            Supervisor::with_keychain(Keychain::with_service(&service), &Paths::under(dir.path()))
                .verify(None)
                .await
                .unwrap();
        Self {
            sim,
            service,
            dir,
            unlock,
        }
    }

    fn keychain(&self) -> Keychain {
        Keychain::with_service(&self.service)
    }

    /// A session as the next start opens it, on the same journal and keychain.
    fn session(&self) -> Session {
        let mut config = SessionConfig::new(ENV, Paths::under(self.dir.path()));
        config.base_url = Some(self.sim.base_url());
        config.keychain = self.keychain();
        config.polling = common::patient();
        Session::open(config).unwrap()
    }

    /// The keychain entry, as another process reads it.
    fn stored(&self) -> Option<serde_json::Value> {
        common::secret_tool("lookup", &self.service, "staging:sign-in")
            .map(|text| serde_json::from_str(&text).unwrap())
    }

    async fn sign_in(&self) {
        let status = self
            .session()
            .sign_in(&self.unlock, DEMO_USERNAME, DEMO_PASSWORD)
            .await
            .unwrap();
        assert_eq!(status.kind, Some(CredentialKind::Login));
    }
}

fn quick() -> SimConfig {
    SimConfig {
        processing_delay: Duration::from_millis(200),
        history_entries: 10,
        ..SimConfig::demo()
    }
}

fn token(stored: &serde_json::Value, name: &str) -> String {
    stored[name].as_str().unwrap().to_owned()
}

fn written_anywhere(dir: &Path, needle: &str) -> Vec<String> {
    common::files_under(dir)
        .into_iter()
        .filter(|file| {
            std::fs::read(file)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
        })
        .map(|file| file.display().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_tokens_live_in_the_keychain_pay_once_refresh_and_are_forgotten() {
    if !common::keyring_tests_enabled(
        "signed_in_tokens_live_in_the_keychain_pay_once_refresh_and_are_forgotten",
    ) {
        return;
    }
    let c = Counter::new(quick()).await;
    // An API key stored before is replaced: an environment holds one kind.
    c.keychain()
        .store(&c.unlock, ENV, "iimm_dev_replaced", "c2VjcmV0")
        .await
        .unwrap();
    c.sign_in().await;
    assert_eq!(
        common::secret_tool("lookup", &c.service, "staging:api-key"),
        None
    );
    let stored = c.stored().expect("the sign-in is in the keychain");
    let first_id_token = token(&stored, "id_token");
    let refresh_token = token(&stored, "refresh_token");
    assert_eq!(stored["username"], DEMO_USERNAME);
    assert!(stored.get("password").is_none());
    let status = c.keychain().status(ENV).await.unwrap();
    assert_eq!(
        (status.source, status.kind, status.username.as_deref()),
        (
            CredentialSource::Keychain,
            Some(CredentialKind::Login),
            Some(DEMO_USERNAME)
        )
    );
    assert!(status.id_token_expires_at.unwrap() > chrono::Utc::now());

    // A payment signed with the ID token: charged once.
    let before = c.sim.ledger().balance;
    let paid = c
        .session()
        .pay(&common::reload("0123456789", "10"))
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
    assert!(c.sim.ledger().balance < before);

    // IIMMPACT ends the token early: the next call refreshes it and keeps the fresh one.
    c.sim.expire_id_tokens();
    c.session().balance().await.unwrap();
    assert_eq!(c.sim.token_counts().refreshes, 1);
    let refreshed = c.stored().unwrap();
    let second_id_token = token(&refreshed, "id_token");
    assert_ne!(second_id_token, first_id_token);
    assert_eq!(token(&refreshed, "refresh_token"), refresh_token);
    // The next start uses the refreshed token as it is.
    c.session().balance().await.unwrap();
    assert_eq!(c.sim.token_counts().refreshes, 1);

    // A payment refused for an expired token is re-checked by its refid, never paid anew.
    c.sim.expire_id_tokens();
    let paid = c
        .session()
        .pay(&common::reload("0123456789", "5"))
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);

    // No token and no password in any file the app wrote (journal, settings, log).
    let secrets = [
        first_id_token,
        second_id_token,
        refresh_token,
        DEMO_PASSWORD.to_owned(),
    ];
    assert!(!common::files_under(c.dir.path()).is_empty());
    for secret in &secrets {
        assert_eq!(written_anywhere(c.dir.path(), secret), Vec::<String>::new());
    }

    // Signing out forgets the tokens.
    c.keychain().clear(&c.unlock, ENV).await.unwrap();
    assert!(c.stored().is_none());
    let status = c.keychain().status(ENV).await.unwrap();
    assert_eq!((status.source, status.kind), (CredentialSource::None, None));
    let err = c.session().balance().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoCredentials);
}

#[tokio::test]
async fn a_wrong_password_stores_nothing() {
    if !common::keyring_tests_enabled("a_wrong_password_stores_nothing") {
        return;
    }
    let c = Counter::new(quick()).await;
    let err = c
        .session()
        .sign_in(&c.unlock, DEMO_USERNAME, "not the password")
        .await
        .unwrap_err();
    assert_eq!(err.payload().auth, Some(AuthFailure::WrongPassword));
    assert!(c.stored().is_none());
    let err = c
        .session()
        .sign_in(&c.unlock, " ", DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("username"));
    assert_eq!(c.sim.token_counts().sign_ins, 0);
}

#[tokio::test]
async fn an_owner_requiring_api_keys_is_explained_as_that() {
    if !common::keyring_tests_enabled("an_owner_requiring_api_keys_is_explained_as_that") {
        return;
    }
    let c = Counter::new(SimConfig {
        require_api_key_for_topup: true,
        ..quick()
    })
    .await;
    c.sign_in().await;
    let refused = c
        .session()
        .pay(&common::reload("0123456789", "10"))
        .await
        .unwrap();
    assert_eq!(refused.state, PaymentState::Failed);
    let facts = refused
        .refusal
        .expect("the refusal's facts come with the payment");
    assert_eq!(facts.kind, ErrorKind::Refused);
    assert_eq!(facts.code.as_deref(), Some("api_key_required"));
    assert_eq!(facts.credentials, Some(CredentialKind::Login));
    assert_eq!(c.sim.charges(refused.refid.as_str()), 0);
}
