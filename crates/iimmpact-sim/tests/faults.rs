//! Each injected fault, over real loopback HTTP.

mod common;

use std::time::{Duration, Instant};

use common::{config, start, Client};
use iimmpact_sim::{Fault, FaultKind, SimConfig};

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
