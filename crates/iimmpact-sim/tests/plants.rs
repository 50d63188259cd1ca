//! Disagreements planted for reconciliation: a refund after the fact, a restated
//! record, another counter's payment; each as `/v2/transactions`, the balance
//! statement and a re-check then show it.

mod common;

use std::time::Duration;

use common::{config, control, start, Client};
use iimmpact_sim::{Change, Elsewhere, SimConfig, SimHandle};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

async fn live() -> (SimHandle, Client) {
    start(SimConfig {
        history_end: chrono::Utc::now().date_naive() - chrono::Duration::days(2),
        ..config()
    })
    .await
}

fn today() -> String {
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    format!("{today} - {today}")
}

/// Today's transactions, by refid order of submission.
async fn transactions(client: &Client) -> Vec<Value> {
    let (status, body) = client
        .get("/transactions", &[("date", &today()), ("limit", "100")])
        .await;
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().unwrap().clone()
}

async fn statement(client: &Client) -> Vec<Value> {
    let (status, body) = client
        .get(
            "/balance-statement",
            &[("date", &today()), ("limit", "100")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().unwrap().clone()
}

async fn paid(client: &Client, refid: &str, account: &str, amount: &str) {
    client.topup(refid, "D", account, amount).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let (_, last) = client.topup(refid, "D", account, amount).await;
    assert!(last["data"]["statusCode"] != 0 && last["data"]["statusCode"] != 1);
}

#[tokio::test]
async fn a_refund_after_the_fact_shows_everywhere_and_returns_the_money() {
    let (sim, client) = live().await;
    paid(&client, "KTR-R-1", "0123456789", "10").await;
    let before = sim.ledger().balance;

    let (status, planted) = control(&sim, "refund", &json!({"refid": "KTR-R-1"})).await;
    assert_eq!(status, 200, "{planted}");
    assert_eq!(planted["status_code"], 53);
    assert_eq!(planted["charged"], false);
    assert_eq!(sim.ledger().balance, before + dec("9.75"));
    assert_eq!(sim.charges("KTR-R-1"), 0);

    let rows = transactions(&client).await;
    assert_eq!(rows[0]["refid"], "KTR-R-1");
    assert_eq!(rows[0]["status"], "Refund");
    assert_eq!(rows[0]["status_code"], "53");
    let (_, refunds) = client
        .get(
            "/transactions",
            &[("date", &today()), ("limit", "9"), ("status", "REFUND")],
        )
        .await;
    assert_eq!(refunds["data"].as_array().unwrap().len(), 1, "{refunds}");

    let entries = statement(&client).await;
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["T", "R"]);
    assert_eq!(entries[1]["amount"], 9.75);
    let remarks = entries[1]["remarks"].as_str().unwrap();
    assert!(remarks.starts_with("Refund Trx #") && remarks.ends_with("D.0123456789"));

    let (_, recheck) = client.topup("KTR-R-1", "D", "0123456789", "10").await;
    assert_eq!(recheck["data"]["statusCode"], 53);
    assert_eq!(recheck["data"]["status"], "Refund");

    let (again, body) = control(&sim, "refund", &json!({"refid": "KTR-R-1"})).await;
    assert_eq!(
        (again, body["field"].as_str()),
        (400, Some("refid")),
        "{body}"
    );
    let unknown = sim.refund("KTR-NOPE").unwrap_err();
    assert!(unknown.to_string().contains("no payment"), "{unknown}");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_restated_record_changes_what_the_history_lists_and_only_a_listed_status_moves_money() {
    let (sim, client) = live().await;
    paid(&client, "KTR-A-1", "0123456789", "10").await;
    paid(&client, "KTR-A-2", "60123450048", "30").await;
    let before = sim.ledger().balance;

    let altered = sim
        .restate(
            "KTR-A-1",
            Change {
                amount: Some(dec("12.50")),
                product: Some("M".into()),
                ..Change::default()
            },
        )
        .unwrap();
    assert_eq!(
        (altered.amount, altered.product.as_str()),
        (dec("12.50"), "M")
    );
    assert_eq!(sim.ledger().balance, before, "the record, not the wallet");
    let rows = transactions(&client).await;
    assert_eq!(rows[0]["amount"], "12.50");
    assert_eq!(rows[0]["product_code"], "M");

    // The failed payment charged after all: debited again, listed successful.
    let (status, body) = control(
        &sim,
        "restate",
        &json!({"refid": "KTR-A-2", "status_code": 20}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(sim.ledger().balance, before - dec("29.25"));
    assert_eq!(sim.charges("KTR-A-2"), 1);
    assert_eq!(transactions(&client).await[1]["status"], "Successful");

    // A code the docs do not list says nothing about the money: the wallet stays.
    sim.restate(
        "KTR-A-2",
        Change {
            status_code: Some(99),
            ..Change::default()
        },
    )
    .unwrap();
    assert_eq!(sim.charges("KTR-A-2"), 1);
    assert_eq!(transactions(&client).await[1]["status_code"], "99");

    for bad in [
        json!({"refid": "KTR-A-1", "status_code": 1}),
        json!({"refid": "KTR-A-1", "product": "NOPE"}),
    ] {
        let (status, body) = control(&sim, "restate", &bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn another_counters_payment_is_final_at_once_and_charged() {
    let (sim, client) = live().await;
    let before = sim.ledger().balance;
    let planted = sim
        .add_payment(Elsewhere {
            refid: "OTHER-1".into(),
            product: "D".into(),
            account: "0198765432".into(),
            amount: dec("10"),
            remarks: "Counter 2".into(),
        })
        .unwrap();
    assert_eq!((planted.status_code, planted.charged), (20, true));
    let (status, failed) = control(
        &sim,
        "payments",
        &json!({"refid": "OTHER-2", "product": "D", "account": "60123450048", "amount": "30"}),
    )
    .await;
    assert_eq!(status, 200, "{failed}");
    assert_eq!(
        (failed["status_code"].as_u64(), failed["charged"].as_bool()),
        (Some(48), Some(false))
    );
    assert_eq!(sim.ledger().balance, before - dec("9.75"));

    let rows = transactions(&client).await;
    let refids: Vec<&str> = rows.iter().map(|r| r["refid"].as_str().unwrap()).collect();
    assert_eq!(refids, ["OTHER-1", "OTHER-2"]);
    assert_eq!(rows[0]["status"], "Successful");
    assert!(!rows[0]["sn"].as_str().unwrap().is_empty());
    let kinds: Vec<String> = statement(&client)
        .await
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["T", "T", "R"]);

    let taken = control(
        &sim,
        "payments",
        &json!({"refid": "OTHER-1", "product": "D", "account": "0111111111", "amount": "5"}),
    )
    .await;
    assert_eq!(taken.0, 400, "{}", taken.1);
    sim.shutdown().await;
}
