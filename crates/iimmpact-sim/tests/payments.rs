//! Balance, topup lifecycle, idempotency and the ledger it moves.

mod common;

use std::time::Duration;

use common::{config, start};
use iimmpact_sim::SimConfig;
use rust_decimal::Decimal;
use serde_json::json;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn number(v: &serde_json::Value) -> Decimal {
    v.to_string().parse().unwrap()
}

#[tokio::test]
async fn balance_matches_the_ledger() {
    let (sim, client) = start(config()).await;
    let (status, body) = client.get("/balance", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(number(&body["data"]["balance"]), sim.ledger().balance);
    assert_eq!(body["data"]["access"], 0);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_payment_is_accepted_then_processing_then_final_and_charged_once() {
    let (sim, client) = start(config()).await;
    let before = sim.ledger().balance;

    let (status, first) = client.topup("KTR-T-0001", "D", "0123456789", "10.00").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["data"]["statusCode"], 0);
    assert_eq!(first["data"]["status"], "Accepted");
    assert_eq!(first["data"]["amount"], 10);
    assert_eq!(number(&first["data"]["cost"]), dec("9.75"));
    assert_eq!(sim.charges("KTR-T-0001"), 1);
    assert_eq!(sim.ledger().balance, before - dec("9.75"));

    let (_, again) = client.topup("KTR-T-0001", "D", "0123456789", "10.00").await;
    assert_eq!(again["data"]["statusCode"], 1);
    assert_eq!(again["data"]["status"], "Processing");

    tokio::time::sleep(Duration::from_millis(250)).await;
    let (_, last) = client.topup("KTR-T-0001", "D", "0123456789", "10.00").await;
    assert_eq!(last["data"]["statusCode"], 20);
    assert_eq!(last["data"]["status"], "Succesful");
    assert!(!last["data"]["sn"].as_str().unwrap().is_empty());
    assert_eq!(sim.charges("KTR-T-0001"), 1, "re-checks never charge again");
    assert_eq!(sim.ledger().balance, before - dec("9.75"));
    sim.shutdown().await;
}

#[tokio::test]
async fn same_refid_with_other_parameters_answers_the_original_unchanged() {
    let (sim, client) = start(config()).await;
    client.topup("KTR-T-0002", "D", "0123456789", "10").await;
    let (status, other) = client.topup("KTR-T-0002", "M", "0198765432", "50").await;
    assert_eq!(status, 200);
    assert_eq!(other["data"]["product"], "D");
    assert_eq!(other["data"]["account"], "0123456789");
    assert_eq!(other["data"]["amount"], 10);
    assert_eq!(sim.charges("KTR-T-0002"), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn test_accounts_force_their_failure_and_are_refunded() {
    let (sim, client) = start(config()).await;
    let before = sim.ledger();
    for (account, code) in [
        ("60123450048", 48),
        ("60123450464", 54),
        ("60123450861", 58),
    ] {
        let refid = format!("KTR-F-{code}");
        let (_, first) = client.topup(&refid, "D", account, "10").await;
        assert_eq!(first["data"]["statusCode"], 0, "accepted first: {first}");
        assert_eq!(sim.charges(&refid), 1);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let (_, last) = client.topup(&refid, "D", account, "10").await;
        assert_eq!(last["data"]["statusCode"], code);
        assert_eq!(last["data"]["status"], "Failed");
        assert_eq!(sim.charges(&refid), 0, "a failed payment is refunded");
    }
    let after = sim.ledger();
    assert_eq!(after.balance, before.balance);
    assert_eq!(
        after.entries,
        before.entries + 6,
        "a debit and a refund each"
    );
    assert_eq!(after.sums.refund - before.sums.refund, dec("29.25"));
    sim.shutdown().await;
}

#[tokio::test]
async fn refusals_seen_at_once_are_final_and_free() {
    let cfg = SimConfig {
        opening_balance: Decimal::from(1_000),
        history_entries: 0,
        ..config()
    };
    let (sim, client) = start(cfg).await;
    for (refid, product, account, amount, code) in [
        ("KTR-R-44", "NOPE", "0123456789", "10", 44),
        ("KTR-R-58", "D", "0123456789", "11", 58),
        ("KTR-R-40", "TNB", "000123456789", "50.00", 40),
        ("KTR-R-43", "TNB", "220411163904", "5000.00", 43),
    ] {
        let (status, body) = client.topup(refid, product, account, amount).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["statusCode"], code, "{refid}: {body}");
        assert_eq!(body["data"]["status"], "Failed");
        assert_eq!(sim.charges(refid), 0);
    }
    assert_eq!(sim.ledger().balance, Decimal::from(1_000));
    assert_eq!(sim.ledger().entries, 0);
    sim.shutdown().await;
}

#[tokio::test]
async fn bad_topup_input_is_a_400_naming_the_field() {
    let (sim, client) = start(config()).await;
    for (body, field) in [
        (
            json!({"product": "D", "account": "0123456789", "amount": "10"}),
            "refid",
        ),
        (
            json!({"refid": "has space", "product": "D", "account": "0123456789", "amount": "10"}),
            "refid",
        ),
        (
            json!({"refid": "A1", "account": "0123456789", "amount": "10"}),
            "product",
        ),
        (
            json!({"refid": "A2", "product": "D", "amount": "10"}),
            "account",
        ),
        (
            json!({"refid": "A3", "product": "D", "account": "0123456789", "amount": "ten"}),
            "amount",
        ),
        (
            json!({"refid": "A4", "product": "D", "account": "0123456789", "amount": -5}),
            "amount",
        ),
        (json!(["not", "an", "object"]), "body"),
    ] {
        let (status, reply) = client.post("/topup", &body).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(reply["error"], "invalid_parameter");
        assert_eq!(reply["field"], field, "{body} → {reply}");
    }
    assert_eq!(
        sim.ledger().entries,
        config().history_entries as u64,
        "nothing was created"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn amount_as_a_json_number_is_exact() {
    let (sim, client) = start(config()).await;
    let body =
        json!({"refid": "KTR-N-1", "product": "TNB", "account": "220411163904", "amount": 123.45});
    let (_, reply) = client.post("/topup", &body).await;
    assert_eq!(number(&reply["data"]["amount"]), dec("123.45"));
    assert_eq!(number(&reply["data"]["cost"]), dec("123.45"));
    sim.shutdown().await;
}

#[tokio::test]
async fn gift_codes_carry_voucher_details_when_final() {
    let (sim, client) = start(config()).await;
    client.topup("KTR-GC-1", "GC", "0123456789", "5").await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let (_, last) = client.topup("KTR-GC-1", "GC", "0123456789", "5").await;
    let data = &last["data"];
    assert_eq!(data["statusCode"], 20);
    assert_eq!(data["pin"].as_str().unwrap().len(), 10);
    assert_eq!(data["expiry"].as_str().unwrap().len(), 8);
    assert!(data["voucherlink"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    sim.shutdown().await;
}

#[tokio::test]
async fn read_only_accounts_cannot_pay() {
    let (sim, client) = start(SimConfig {
        access_level: 50,
        ..config()
    })
    .await;
    let (status, body) = client.topup("KTR-RO-1", "D", "0123456789", "10").await;
    assert_eq!(status, 403);
    assert_eq!(body["error"], "read_only");
    assert_eq!(sim.charges("KTR-RO-1"), 0);
    sim.shutdown().await;
}

#[tokio::test]
async fn dispute_a_successful_payment_once() {
    let (sim, client) = start(config()).await;
    client.topup("KTR-D-1", "D", "0123456789", "10").await;
    let (_, early) = client
        .post("/transactions/check", &json!({"refid": "KTR-D-1"}))
        .await;
    assert_eq!(early["data"]["status"], "Failed", "still pending: {early}");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let (_, ok) = client
        .post(
            "/transactions/check",
            &json!({"refid": "KTR-D-1", "user_email": ["a@b.example"]}),
        )
        .await;
    assert_eq!(ok["data"]["status"], "Success");
    assert_eq!(ok["data"]["refid"], "KTR-D-1");
    let (_, dup) = client
        .post("/transactions/check", &json!({"refid": "KTR-D-1"}))
        .await;
    assert_eq!(dup["data"]["status"], "Failed");
    let (status, none) = client.post("/transactions/check", &json!({})).await;
    assert_eq!((status, none["field"].as_str()), (400, Some("refid")));
    sim.shutdown().await;
}
