//! Each injected fault, over real loopback HTTP.

mod common;

use std::time::{Duration, Instant};

use common::{config, control, start, Client};
use iimmpact_sim::{AccountForm, Fault, FaultKind, RedirectStatus, SimConfig};
use serde_json::{json, Value};

#[tokio::test]
async fn latency_fault_and_configured_latency_delay_the_reply() {
    let (sim, client) = start(SimConfig {
        latency: Duration::from_millis(100),
        ..config()
    })
    .await;
    let t = Instant::now();
    assert_eq!(client.get("/balance", &[]).await.0, 200);
    assert!(t.elapsed() >= Duration::from_millis(100));

    sim.inject(Fault::new(
        "/v2/balance",
        1,
        FaultKind::Latency(Duration::from_millis(400)),
    ));
    let t = Instant::now();
    assert_eq!(client.get("/balance", &[]).await.0, 200);
    assert!(t.elapsed() >= Duration::from_millis(500));
    sim.shutdown().await;
}

#[tokio::test]
async fn status_faults_answer_documented_bodies_without_committing() {
    let (sim, client) = start(config()).await;
    for (status, body) in [
        (
            500,
            serde_json::json!({"error": "server_error", "message": "Unexpected error"}),
        ),
        (503, serde_json::json!({"message": "Service Unavailable"})),
        (
            504,
            serde_json::json!({"message": "Endpoint request timed out"}),
        ),
    ] {
        sim.inject(Fault::new("/v2/topup", 1, FaultKind::Status(status)));
        let refid = format!("KTR-S-{status}");
        let reply = client.topup(&refid, "D", "0123456789", "10").await;
        assert_eq!(reply, (status, body));
        assert_eq!(
            sim.charges(&refid),
            0,
            "the fault struck before the handler"
        );
    }
    // The faults are spent: the next payment goes through.
    assert_eq!(
        client.topup("KTR-S-OK", "D", "0123456789", "10").await.0,
        200
    );
    assert_eq!(sim.charges("KTR-S-OK"), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_fault_only_hits_its_path_prefix_and_count() {
    let (sim, client) = start(config()).await;
    sim.inject(Fault::new(
        "/v2/balance-statement",
        2,
        FaultKind::Status(503),
    ));
    assert_eq!(client.get("/balance", &[]).await.0, 200);
    let q = [("date", "2025-05-01")];
    assert_eq!(client.get("/balance-statement", &q).await.0, 503);
    assert_eq!(client.get("/balance-statement", &q).await.0, 503);
    assert_eq!(client.get("/balance-statement", &q).await.0, 200);
    sim.shutdown().await;
}

#[tokio::test]
async fn timeout_holds_the_request_until_the_client_gives_up() {
    let (sim, _) = start(config()).await;
    let impatient = reqwest::Client::builder()
        .user_agent("kaunter-sim-tests")
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let client = Client::with_http(&sim, impatient);
    sim.inject(Fault::new("/v2/topup", 1, FaultKind::Timeout));
    let body = br#"{"refid":"KTR-TO-1","product":"D","account":"0123456789","amount":"10"}"#;
    let err = client
        .request("POST", "/topup", &[], body, &Default::default())
        .send()
        .await
        .expect_err("no reply");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(sim.charges("KTR-TO-1"), 0);
    // Shutdown ends the held request instead of waiting for it forever.
    tokio::time::timeout(Duration::from_secs(5), sim.shutdown())
        .await
        .expect("shutdown does not hang on a held request");
}

#[tokio::test]
async fn drop_after_commit_charges_but_closes_the_connection_unanswered() {
    let (sim, client) = start(config()).await;
    sim.inject(Fault::new("/v2/topup", 1, FaultKind::DropAfterCommit));
    let body = br#"{"refid":"KTR-DROP-1","product":"D","account":"0123456789","amount":"10"}"#;
    let err = client
        .request("POST", "/topup", &[], body, &Default::default())
        .send()
        .await
        .expect_err("the reply is lost");
    assert!(
        !err.is_timeout() && !err.is_status(),
        "a connection error: {err:?}"
    );
    assert_eq!(sim.charges("KTR-DROP-1"), 1, "the payment was committed");

    // Re-sending the identical request with the same refid learns the outcome, charged once.
    let req = client.request("POST", "/topup", &[], body, &Default::default());
    let (status, reply) = Client::send(req).await;
    assert_eq!(status, 200);
    assert_eq!(reply["data"]["refid"], "KTR-DROP-1");
    assert_eq!(
        reply["data"]["statusCode"], 1,
        "pending, seen again: {reply}"
    );
    assert_eq!(sim.charges("KTR-DROP-1"), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn an_undocumented_status_takes_nothing_and_a_recheck_submits_for_real() {
    let (sim, client) = start(config()).await;
    let before = sim.ledger().balance;
    let spec = json!({"path": "/v2/topup", "kind": "status_code", "code": 99, "text": "Success"});
    assert_eq!(control(&sim, "faults", &spec).await.0, 200);

    let (status, reply) = client.topup("KTR-U-1", "D", "0123456789", "10").await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        (&reply["data"]["statusCode"], &reply["data"]["status"]),
        (&json!(99), &json!("Success"))
    );
    assert_eq!(reply["data"]["refid"], "KTR-U-1");
    assert_eq!(sim.charges("KTR-U-1"), 0, "the payment was not taken");
    assert_eq!(sim.ledger().balance, before);

    // The fault is spent: the same refid now submits the payment and answers the truth.
    let (_, truth) = client.topup("KTR-U-1", "D", "0123456789", "10").await;
    assert_eq!(truth["data"]["statusCode"], 0, "{truth}");
    assert_eq!(sim.charges("KTR-U-1"), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn an_undocumented_status_on_a_recheck_leaves_the_payment_as_it_was() {
    let (sim, client) = start(config()).await;
    client.topup("KTR-U-2", "D", "0123456789", "10").await;
    sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::UnknownStatus {
            code: 2,
            text: "Failed",
        },
    ));
    let (_, odd) = client.topup("KTR-U-2", "D", "0123456789", "10").await;
    assert_eq!(
        (&odd["data"]["statusCode"], &odd["data"]["status"]),
        (&json!(2), &json!("Failed"))
    );
    assert_eq!(sim.charges("KTR-U-2"), 1, "still the one payment, charged");
    let (_, truth) = client.topup("KTR-U-2", "D", "0123456789", "10").await;
    assert_eq!(truth["data"]["statusCode"], 1, "{truth}");
    sim.shutdown().await;
}

#[tokio::test]
async fn nonce_reused_after_commit_charges_and_answers_401() {
    let (sim, client) = start(config()).await;
    sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::NonceReusedAfterCommit,
    ));
    let reply = client.topup("KTR-N-1", "D", "0123456789", "10").await;
    assert_eq!(
        reply,
        (
            401,
            json!({"error": "nonce_reused", "message": "Nonce has already been used"})
        )
    );
    assert_eq!(sim.charges("KTR-N-1"), 1, "the payment was committed");
    let (status, again) = client.topup("KTR-N-1", "D", "0123456789", "10").await;
    assert_eq!((status, &again["data"]["statusCode"]), (200, &json!(1)));
    assert_eq!(sim.charges("KTR-N-1"), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_redirect_answers_its_location_without_handling() {
    let (sim, _) = start(config()).await;
    let unfollowing = reqwest::Client::builder()
        .user_agent("kaunter-sim-tests")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = Client::with_http(&sim, unfollowing);
    let elsewhere = "http://127.0.0.1:9/v2/topup";
    let spec =
        json!({"path": "/v2/topup", "kind": "redirect", "status": 308, "location": elsewhere});
    assert_eq!(control(&sim, "faults", &spec).await.0, 200);
    sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::Redirect {
            status: RedirectStatus::TemporaryRedirect,
            location: elsewhere,
        },
    ));
    for expected in [308, 307] {
        let body = br#"{"refid":"KTR-R-1","product":"D","account":"0123456789","amount":"10"}"#;
        let resp = client
            .request("POST", "/topup", &[], body, &Default::default())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), expected);
        assert_eq!(resp.headers()["location"], elsewhere);
    }
    assert_eq!(sim.charges("KTR-R-1"), 0, "nothing was handled");
    sim.shutdown().await;
}

#[tokio::test]
async fn the_reply_echoes_the_account_in_the_form_asked_and_the_payment_is_as_sent() {
    let (sim, client) = start(config()).await;
    let spec = json!({"path": "/v2/topup", "kind": "reply_account", "form": "number"});
    assert_eq!(control(&sim, "faults", &spec).await.0, 200);
    sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::ReplyAccount(AccountForm::CountryCode),
    ));
    sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::ReplyAccount(AccountForm::National),
    ));
    let sent = [
        ("KTR-A-1", "0123456789", json!(60123456789_u64)),
        ("KTR-A-2", "0123456789", json!("60123456789")),
        ("KTR-A-3", "60123456789", json!("0123456789")),
    ];
    for (refid, account, echoed) in sent {
        let (status, reply) = client.topup(refid, "D", account, "10").await;
        assert_eq!(status, 200, "{reply}");
        assert_eq!(reply["data"]["account"], echoed, "{refid}");
        assert_eq!(sim.charges(refid), 1);
    }
    let (_, plain) = client.topup("KTR-A-1", "D", "0123456789", "10").await;
    assert_eq!(
        plain["data"]["account"], "0123456789",
        "the payment kept the account sent"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn odd_fields_wait_for_the_successful_reply() {
    let (sim, client) = start(config()).await;
    let spec = json!({"path": "/v2/topup", "kind": "odd_fields"});
    assert_eq!(control(&sim, "faults", &spec).await.0, 200);
    // A Grab gift code, so the successful reply carries a PIN and an expiry.
    let (_, accepted) = client.topup("KTR-O-1", "GC", "0123456789", "10").await;
    assert_eq!(accepted["data"]["statusCode"], 0);
    assert_eq!(accepted["data"]["amount"], 10, "not dressed: {accepted}");

    tokio::time::sleep(Duration::from_millis(250)).await;
    let (status, odd) = client.topup("KTR-O-1", "GC", "0123456789", "10").await;
    assert_eq!(status, 200);
    let data = &odd["data"];
    assert_eq!(data["statusCode"], 20, "{odd}");
    assert!(
        data["expiry"].as_u64().is_some_and(|e| e > 20_250_000),
        "{odd}"
    );
    assert!(
        data["timestamp"]
            .as_i64()
            .is_some_and(|t| t > 1_700_000_000),
        "{odd}"
    );
    assert!(data.get("amount").is_none(), "{odd}");
    let cost = data["cost"].as_str().expect("cost as a string");
    assert!(cost.starts_with(' ') && cost.ends_with(' '), "{cost:?}");
    assert_eq!(cost.trim(), accepted["data"]["cost"].to_string());
    assert!(!data["pin"].as_str().unwrap().is_empty());
    assert_eq!(sim.charges("KTR-O-1"), 1);

    let (_, plain) = client.topup("KTR-O-1", "GC", "0123456789", "10").await;
    assert!(
        plain["data"]["expiry"].is_string(),
        "the fault is spent: {plain}"
    );
    sim.shutdown().await;
}

fn rows(page: &Value) -> usize {
    page["data"].as_array().expect("a page").len()
}

#[tokio::test]
async fn short_pages_serve_fewer_rows_than_they_announce() {
    let (sim, client) = start(config()).await;
    let may = "2025-05-01 - 2025-05-31";
    let spec =
        json!({"path": "/v2/balance-statement", "count": 13, "kind": "short_pages", "missing": 3});
    assert_eq!(control(&sim, "faults", &spec).await.0, 200);
    let mut served = 0;
    for page in 1..=13 {
        let page = page.to_string();
        let q = [("date", may), ("limit", "40"), ("page", page.as_str())];
        let (status, body) = client.get("/balance-statement", &q).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["meta"]["total"], 500);
        served += rows(&body);
    }
    assert_eq!(served, 500 - 13 * 3, "every page lost its last 3 rows");

    sim.inject(Fault::new(
        "/v2",
        1,
        FaultKind::ShortPages { missing: 1_000 },
    ));
    let q = [("date", may), ("limit", "50")];
    let (_, empty) = client.get("/transactions", &q).await;
    assert_eq!(rows(&empty), 0);
    assert!(
        empty["meta"]["total"].as_u64().unwrap() > 0,
        "{}",
        empty["meta"]
    );
    let (_, whole) = client.get("/transactions", &q).await;
    assert_eq!(rows(&whole), 50);
    sim.shutdown().await;
}
