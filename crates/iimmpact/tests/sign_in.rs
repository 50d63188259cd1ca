//! The legacy sign-in against the simulator over real loopback HTTP: the ID token is
//! got with a user name and password, refreshed before it expires and once after a
//! refusal, one refresh for any number of waiting requests, and a payment is never
//! re-sent because of it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use iimmpact::client::{Client, ClientConfig, Credentials, RequestBudget, TokenSource};
use iimmpact::models::{PaymentStatus, PreparedTopup, SignIn, Tokens, TopupRequest};
use iimmpact::{Amount, AuthFailure, Error, Password, ProductCode, Refid};
use iimmpact_sim::{SimConfig, SimHandle, Simulator, DEMO_PASSWORD, DEMO_USERNAME};

fn client(sim: &SimHandle, credentials: Credentials) -> Client {
    let mut config = ClientConfig::new(&sim.base_url(), credentials);
    config.budget = Arc::new(RequestBudget::uncapped(1000.0, 1000).unwrap());
    config.timeout = Duration::from_secs(5);
    Client::new(config).unwrap()
}

async fn sim(config: SimConfig) -> SimHandle {
    Simulator::start(SimConfig {
        history_entries: 10,
        processing_delay: Duration::from_millis(100),
        ..config
    })
    .await
    .unwrap()
}

fn demo_user(password: &str) -> SignIn {
    SignIn::new(DEMO_USERNAME, Password::new(password).unwrap()).unwrap()
}

async fn sign_in(sim: &SimHandle) -> Tokens {
    client(sim, Credentials::Anonymous)
        .sign_in(&demo_user(DEMO_PASSWORD))
        .await
        .unwrap()
}

/// A client signed in with `tokens`, and every set of tokens its refreshes saved.
fn signed_in(sim: &SimHandle, tokens: Tokens) -> (Client, Arc<Mutex<Vec<Tokens>>>) {
    let saved = Arc::new(Mutex::new(Vec::new()));
    let keep = saved.clone();
    let source = TokenSource::new(tokens).on_refresh(Arc::new(move |fresh| {
        keep.lock().unwrap().push(fresh);
        Box::pin(async {})
    }));
    (client(sim, Credentials::SignedIn(source)), saved)
}

/// A RM 10 Digi reload under `refid`.
fn reload(refid: &str) -> PreparedTopup {
    TopupRequest::new(
        Refid::parse(refid).unwrap(),
        ProductCode::parse("D").unwrap(),
        "0123456789",
        Amount::parse("amount", "10").unwrap(),
    )
    .unwrap()
    .prepare()
}

fn is_auth(error: &Error, expected: AuthFailure) -> bool {
    matches!(error, Error::Auth { failure, .. } if *failure == expected)
}

#[tokio::test]
async fn sign_in_gets_tokens_that_sign_requests() {
    let sim = sim(SimConfig::demo()).await;
    let before = Utc::now();
    let tokens = sign_in(&sim).await;
    let lifetime = tokens.expires_at - before;
    assert!(
        (3590..=3600).contains(&lifetime.num_seconds()),
        "{lifetime}"
    );
    let (client, saved) = signed_in(&sim, tokens);
    client.balance().await.unwrap();
    assert_eq!(sim.token_counts().sign_ins, 1);
    assert_eq!(
        sim.token_counts().refreshes,
        0,
        "a fresh token is used as it is"
    );
    assert!(saved.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_wrong_password_is_told_apart_and_nothing_else_is_sent_unsigned() {
    let sim = sim(SimConfig::demo()).await;
    let anonymous = client(&sim, Credentials::Anonymous);
    let err = anonymous.sign_in(&demo_user("wrong")).await.unwrap_err();
    assert!(is_auth(&err, AuthFailure::WrongPassword), "{err:?}");
    let err = anonymous.balance().await.unwrap_err();
    assert!(
        matches!(&err, Error::Input(e) if e.field == "credentials"),
        "{err:?}"
    );
    assert_eq!(sim.stats().requests_per_path.get("/v2/balance"), None);
}

#[tokio::test]
async fn a_token_near_its_expiry_is_refreshed_first_and_saved() {
    // Tokens of 5 minutes are always within the 10 minutes before expiry.
    let sim = sim(SimConfig {
        id_token_lifetime: Duration::from_secs(300),
        ..SimConfig::demo()
    })
    .await;
    let tokens = sign_in(&sim).await;
    let (client, saved) = signed_in(&sim, tokens.clone());
    client.balance().await.unwrap();
    assert_eq!(sim.token_counts().refreshes, 1);
    let saved = saved.lock().unwrap();
    let fresh = &saved[0];
    assert_ne!(fresh.id_token.expose(), tokens.id_token.expose());
    assert_eq!(
        fresh.refresh_token.expose(),
        tokens.refresh_token.expose(),
        "the refresh reply brings no refresh token: the old one is kept"
    );
}

#[tokio::test]
async fn requests_waiting_on_a_due_token_share_one_refresh() {
    let sim = sim(SimConfig::demo()).await;
    let mut tokens = sign_in(&sim).await;
    tokens.expires_at = Utc::now();
    let (client, saved) = signed_in(&sim, tokens);
    let calls = (0..8).map(|_| client.balance());
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(sim.token_counts().refreshes, 1);
    assert_eq!(saved.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_and_the_read_sent_again() {
    let sim = sim(SimConfig::demo()).await;
    let (client, _) = signed_in(&sim, sign_in(&sim).await);
    sim.expire_id_tokens();
    client.balance().await.unwrap();
    assert_eq!(sim.token_counts().refreshes, 1);
    assert_eq!(sim.stats().requests_per_path.get("/v2/balance"), Some(&2));
}

#[tokio::test]
async fn a_refused_refresh_is_a_clear_authentication_failure() {
    let sim = sim(SimConfig::demo()).await;
    let (client, saved) = signed_in(&sim, sign_in(&sim).await);
    sim.expire_id_tokens();
    sim.revoke_refresh_tokens();
    let err = client.balance().await.unwrap_err();
    assert!(is_auth(&err, AuthFailure::BadToken), "{err:?}");
    assert!(saved.lock().unwrap().is_empty());
    // Refused once: nothing is sent again until the next call.
    assert_eq!(sim.stats().requests_per_path.get("/v2/balance"), Some(&1));
}

#[tokio::test]
async fn a_payment_refused_for_its_token_is_not_resent_but_rechecked_by_refid() {
    let sim = sim(SimConfig::demo()).await;
    let (client, _) = signed_in(&sim, sign_in(&sim).await);
    let payment = reload("KTR-TOKEN-1");
    sim.expire_id_tokens();
    let err = client.topup(&payment).await.unwrap_err();
    assert!(is_auth(&err, AuthFailure::BadToken), "{err:?}");
    assert_eq!(sim.stats().requests_per_path.get("/v2/topup"), Some(&1));
    assert_eq!(sim.charges("KTR-TOKEN-1"), 0);
    // The re-check by the same refid carries the refreshed token.
    let mut status = client.topup(&payment).await.unwrap().payment_status();
    while !status.is_final() {
        tokio::time::sleep(Duration::from_millis(100)).await;
        status = client.topup(&payment).await.unwrap().payment_status();
    }
    assert!(matches!(status, PaymentStatus::Succeeded), "{status:?}");
    assert_eq!(sim.charges("KTR-TOKEN-1"), 1);
    assert_eq!(sim.token_counts().refreshes, 1);
}

#[tokio::test]
async fn an_owner_requiring_api_keys_refuses_a_signed_in_topup_with_403() {
    let sim = sim(SimConfig {
        require_api_key_for_topup: true,
        ..SimConfig::demo()
    })
    .await;
    let (client, _) = signed_in(&sim, sign_in(&sim).await);
    client.balance().await.unwrap();
    let payment = reload("KTR-TOKEN-2");
    let err = client.topup(&payment).await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { code: Some(c), .. } if c == "api_key_required"),
        "{err:?}"
    );
    assert!(client.credentials().is_id_token());
    assert_eq!(sim.charges("KTR-TOKEN-2"), 0);
}
