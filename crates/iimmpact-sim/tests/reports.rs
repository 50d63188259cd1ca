//! Balance statement paging (`../shared/iimmpact-api.md` §3.11) and the transaction history.

mod common;

use common::{config, start};
use iimmpact_sim::SimConfig;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const MAY: &str = "2025-05-01 - 2025-05-31";

fn number(v: &Value) -> Decimal {
    v.to_string().parse().unwrap()
}

#[tokio::test]
async fn statement_pages_have_laravel_links_and_meta() {
    let (sim, client) = start(config()).await;
    let (status, page1) = client
        .get("/balance-statement", &[("date", MAY), ("limit", "40")])
        .await;
    assert_eq!(status, 200, "{page1}");
    assert_eq!(page1["data"].as_array().unwrap().len(), 40);
    assert_eq!(
        page1["links"],
        json!({"first": "/balance-statement?page=1", "last": "/balance-statement?page=13",
               "prev": null, "next": "/balance-statement?page=2"})
    );
    assert_eq!(
        page1["meta"],
        json!({"current_page": 1, "from": 1, "last_page": 13, "path": "/balance-statement",
               "per_page": 40, "to": 40, "total": 500})
    );
    let row = &page1["data"][0];
    for field in ["id", "date", "amount", "balance", "remarks", "type"] {
        assert!(!row[field].is_null(), "{field} in {row}");
    }
    assert_eq!(
        row["date"].as_str().unwrap().len(),
        "2025-05-01 00:00:00.000".len()
    );

    let (_, last) = client
        .get(
            "/balance-statement",
            &[("date", MAY), ("limit", "40"), ("page", "13")],
        )
        .await;
    assert_eq!(last["data"].as_array().unwrap().len(), 20);
    assert_eq!(last["links"]["next"], Value::Null);
    assert_eq!(last["links"]["prev"], "/balance-statement?page=12");
    assert_eq!(
        (last["meta"]["from"].clone(), last["meta"]["to"].clone()),
        (json!(481), json!(500))
    );

    let (_, past) = client
        .get(
            "/balance-statement",
            &[("date", MAY), ("limit", "40"), ("page", "14")],
        )
        .await;
    assert_eq!(past["data"], json!([]));
    assert_eq!(past["meta"]["total"], 500);
    assert_eq!(
        (past["meta"]["from"].clone(), past["meta"]["to"].clone()),
        (Value::Null, Value::Null)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn page_size_is_capped_and_reported_and_defaults_to_15() {
    let (sim, client) = start(SimConfig {
        max_page_size: 25,
        ..config()
    })
    .await;
    let (_, big) = client
        .get("/balance-statement", &[("date", MAY), ("limit", "1000")])
        .await;
    assert_eq!(big["meta"]["per_page"], 25);
    assert_eq!(big["data"].as_array().unwrap().len(), 25);
    let (_, default) = client.get("/balance-statement", &[("date", MAY)]).await;
    assert_eq!(default["meta"]["per_page"], 15);
    sim.shutdown().await;
}

/// Every page, in order, chained: ids and balances line up and end at the wallet balance.
#[tokio::test]
async fn walking_all_pages_reproduces_the_ledger() {
    let (sim, client) = start(config()).await;
    let summary = sim.ledger();
    let mut balance = summary.opening_balance;
    let mut seen = 0;
    let mut last_id = 0;
    for page in 1.. {
        let p = page.to_string();
        let (_, body) = client
            .get(
                "/balance-statement",
                &[("date", MAY), ("limit", "100"), ("page", &p)],
            )
            .await;
        let rows = body["data"].as_array().unwrap();
        if rows.is_empty() {
            break;
        }
        for row in rows {
            balance += number(&row["amount"]);
            assert_eq!(number(&row["balance"]), balance, "{row}");
            let id = row["id"].as_u64().unwrap();
            assert!(id > last_id);
            last_id = id;
            seen += 1;
        }
    }
    assert_eq!(seen, 500);
    assert_eq!(balance, summary.balance);
    sim.shutdown().await;
}

#[tokio::test]
async fn type_filter_and_day_filter() {
    let (sim, client) = start(config()).await;
    let mut total = 0;
    for (word, code) in [
        ("DEPOSIT", "D"),
        ("TRANSACTION", "T"),
        ("REFUND", "R"),
        ("COMMISSION", "C"),
    ] {
        let (_, body) = client
            .get(
                "/balance-statement",
                &[("date", MAY), ("type", word), ("limit", "100")],
            )
            .await;
        assert!(
            body["data"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["type"] == code),
            "{word}"
        );
        total += body["meta"]["total"].as_u64().unwrap();
    }
    assert_eq!(total, 500, "the four types partition the statement");

    let (_, day) = client
        .get(
            "/balance-statement",
            &[("date", "2025-05-10"), ("limit", "100")],
        )
        .await;
    let rows = day["data"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r["date"].as_str().unwrap().starts_with("2025-05-10")));

    let (_, none) = client
        .get("/balance-statement", &[("date", "2024-01-01")])
        .await;
    assert_eq!(none["meta"]["total"], 0);
    assert_eq!(none["links"]["last"], "/balance-statement?page=1");
    sim.shutdown().await;
}

#[tokio::test]
async fn bad_statement_queries_name_the_field() {
    let (sim, client) = start(config()).await;
    for (query, field) in [
        (vec![], "date"),
        (vec![("date", "31-05-2025")], "date"),
        (vec![("date", "2025-05-31 - 2025-05-01")], "date"),
        (vec![("date", MAY), ("type", "BOGUS")], "type"),
        (vec![("date", MAY), ("limit", "0")], "limit"),
        (vec![("date", MAY), ("page", "x")], "page"),
    ] {
        let (status, body) = client.get("/balance-statement", &query).await;
        assert_eq!(
            (status, body["field"].as_str()),
            (400, Some(field)),
            "{query:?}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn same_seed_same_rows_other_seed_other_rows() {
    async fn rows(seed: u64) -> Value {
        let (sim, client) = start(SimConfig { seed, ..config() }).await;
        let (_, body) = client
            .get(
                "/balance-statement",
                &[("date", MAY), ("limit", "100"), ("page", "3")],
            )
            .await;
        sim.shutdown().await;
        body["data"].clone()
    }
    assert_eq!(rows(9).await, rows(9).await);
    assert_ne!(rows(9).await, rows(10).await);
}

#[tokio::test]
async fn payments_appear_in_the_statement_and_the_transactions() {
    let cfg = SimConfig {
        history_end: chrono::Utc::now().date_naive() - chrono::Duration::days(2),
        ..config()
    };
    let (sim, client) = start(cfg).await;
    client.topup("KTR-L-1", "D", "0123456789", "10").await;
    client.topup("KTR-L-2", "D", "60123450048", "30").await;
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    client.topup("KTR-L-2", "D", "60123450048", "30").await; // settles: failed, refunded

    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .date_naive()
        .to_string();
    let range = format!("{today} - {today}");
    let (_, st) = client.get("/balance-statement", &[("date", &range)]).await;
    let types: Vec<&str> = st["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["T", "T", "R"]);
    assert_eq!(number(&st["data"][2]["balance"]), sim.ledger().balance);

    let (_, failed) = client
        .get(
            "/transactions",
            &[("date", &range), ("limit", "10"), ("status", "FAILED")],
        )
        .await;
    let data = failed["data"].as_array().unwrap();
    assert_eq!(data.len(), 1, "{failed}");
    assert_eq!(data[0]["refid"], "KTR-L-2");
    assert_eq!(data[0]["status"], "Failed");
    assert_eq!(data[0]["status_code"], "48");
    assert_eq!(data[0]["amount"], "30.00");
    sim.shutdown().await;
}

#[tokio::test]
async fn transactions_page_by_offset_and_filter() {
    let (sim, client) = start(config()).await;
    let (_, all) = client
        .get("/transactions", &[("date", MAY), ("limit", "100")])
        .await;
    let total = all["meta"]["total"].as_u64().unwrap();
    assert!(total > 300, "most seeded entries are transactions: {total}");
    let (_, second) = client
        .get(
            "/transactions",
            &[("date", MAY), ("limit", "100"), ("offset", "100")],
        )
        .await;
    assert_ne!(all["data"][0]["trxid"], second["data"][0]["trxid"]);
    assert_eq!(
        second["meta"],
        json!({"offset": 100, "limit": 100, "total": total})
    );
    let item = &all["data"][0];
    for field in [
        "trxid",
        "refid",
        "date",
        "response_date",
        "product_code",
        "product_name",
        "amount",
        "price",
        "account",
        "status_code",
        "status",
        "sn",
    ] {
        assert!(!item[field].is_null(), "{field} in {item}");
    }
    assert!(item["amount"].is_string());

    let account = item["account"].as_str().unwrap().to_owned();
    let (_, mine) = client
        .get(
            "/transactions",
            &[("date", MAY), ("limit", "100"), ("account", &account)],
        )
        .await;
    assert!(mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["account"] == account.as_str()));
    let (_, tnb) = client
        .get(
            "/transactions",
            &[("date", MAY), ("limit", "100"), ("product", "TNB")],
        )
        .await;
    assert!(tnb["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["product_code"] == "TNB"));
    let (_, pending) = client
        .get(
            "/transactions",
            &[("date", MAY), ("limit", "100"), ("status", "PENDING")],
        )
        .await;
    assert_eq!(pending["meta"]["total"], 0);
    let (status, body) = client.get("/transactions", &[("date", MAY)]).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("limit")));
    sim.shutdown().await;
}
