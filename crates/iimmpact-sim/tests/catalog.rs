//! Products, catalog, options, network status, bill presentment, and the `@metadata` endpoints.

mod common;

use common::{config, start};
use serde_json::Value;

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn bill_presentment_returns_only_the_fields_the_seed_table_marks_yes() {
    let (sim, client) = start(config()).await;
    // (product, customer name, outstanding, due date) from the seed's Bill Presentment List.
    for (product, name, outstanding, due) in [
        ("SYABAS", true, true, true),
        ("ASB", true, false, false),
        ("IW", false, true, false),
        ("PAIP", true, true, false),
        ("TNB", false, true, true),
        ("PWB", false, false, false),
        ("RO", true, false, false),
        ("D", false, false, false),
    ] {
        let (status, body) = client
            .get(
                "/bill-presentment",
                &[("product", product), ("account", "220411163904")],
            )
            .await;
        assert_eq!(status, 200);
        let data = &body["data"];
        assert_eq!(data["message"], "Account no is valid", "{product}");
        assert_eq!(
            data.get("CustomerName").is_some(),
            name,
            "{product}: {data}"
        );
        assert_eq!(
            data.get("Outstanding").is_some(),
            outstanding,
            "{product}: {data}"
        );
        assert_eq!(data.get("DueDate").is_some(), due, "{product}: {data}");
        assert_eq!(data["transaction_validity"], "true");
        assert_eq!(body["metadata"]["product_code"], product);
        assert_eq!(body["metadata"]["status_code"], 200);
    }
    let (_, tnb) = client
        .get(
            "/bill-presentment",
            &[("product", "TNB"), ("account", "220411163904")],
        )
        .await;
    assert!(tnb["data"]["Outstanding"].is_number());
    let due = tnb["data"]["DueDate"].as_str().unwrap();
    assert!(
        chrono::NaiveDate::parse_from_str(due, "%d/%m/%Y").is_ok(),
        "{due}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn bill_presentment_rules_for_invalid_limited_unavailable_and_other_products() {
    let (sim, client) = start(config()).await;
    let check = |product: &'static str, account: &'static str| {
        let client = &client;
        async move {
            let (status, body) = client
                .get(
                    "/bill-presentment",
                    &[("product", product), ("account", account)],
                )
                .await;
            assert_eq!(status, 200);
            body["data"].clone()
        }
    };
    for account in ["000123456789", "22041116390X", "123"] {
        let data = check("TNB", account).await;
        assert_eq!(data["message"], "Invalid account no", "{account}");
        assert_eq!(data["error_message"], "Invalid account no");
        assert_eq!(keys(&data), ["error_message", "message"]);
    }
    let limited = check("TNB", "220411163999").await;
    assert_eq!(limited["transaction_validity"], "false");
    assert_eq!(
        limited["transaction_message"],
        "TNB Maximum count per acc/month exceeded"
    );
    assert_eq!(
        check("TNB", "220411163503").await["message"],
        "Service unavailable. Please try again later"
    );
    let other = check("U", "0123456789").await;
    assert_eq!(keys(&other), ["message"]);
    assert_eq!(
        other["message"],
        "Bill presentment is unavailable for this product"
    );

    let (status, body) = client.get("/bill-presentment", &[("product", "TNB")]).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("account")));
    sim.shutdown().await;
}

#[tokio::test]
async fn network_status_is_switchable_and_fp_is_always_interrupted() {
    let (sim, client) = start(config()).await;
    let status = |product: &'static str| {
        let client = &client;
        async move {
            let (_, body) = client.get("/networkstatus", &[("product", product)]).await;
            body
        }
    };
    let tnb = status("TNB").await;
    assert_eq!(tnb["data"]["network_status"], "Healthy");
    assert_eq!(tnb["data"]["product_name"], "Tenaga Nasional Berhad");
    assert_eq!(tnb["metadata"]["status_code"], 200);
    assert_eq!(status("FP").await["data"]["network_status"], "Interruption");
    sim.set_network_status("TNB", false);
    assert_eq!(
        status("TNB").await["data"]["network_status"],
        "Interruption"
    );
    sim.set_network_status("TNB", true);
    assert_eq!(status("TNB").await["data"]["network_status"], "Healthy");
    let (code, body) = client.get("/networkstatus", &[("product", "NOPE")]).await;
    assert_eq!((code, body["field"].as_str()), (400, Some("product")));
    sim.shutdown().await;
}

#[tokio::test]
async fn product_list_catalog_and_options_agree() {
    let (sim, client) = start(config()).await;
    let (_, list) = client.get("/product-list", &[]).await;
    let list = list["data"].as_array().unwrap();
    let d = list.iter().find(|p| p["product_code"] == "D").unwrap();
    assert_eq!(d["denomination"], "5,10,15,20,30,50,100");
    assert_eq!(d["account_type"], "phone_number");
    assert_eq!(d["keyboard_type"], "Numeric");

    let (_, catalog) = client.get("/catalog", &[]).await;
    assert!(catalog["last_updated"].as_str().unwrap().ends_with('Z'));
    let in_tree: usize = catalog["tree"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["categories"].as_array().unwrap())
        .map(|c| c["product_codes"].as_array().unwrap().len())
        .sum();
    let products = catalog["products"].as_object().unwrap();
    assert_eq!(in_tree, list.len());
    assert_eq!(products.len(), list.len());
    assert_eq!(products["D"]["fields"][0]["id"], "account");

    let (_, one) = client.get("/catalog", &[("product_code", "TNB")]).await;
    assert_eq!(keys(&one["products"]), ["TNB"]);

    let (_, options) = client
        .get(
            "/options",
            &[
                ("product_code", "D"),
                ("field_id", "amount"),
                ("limit", "3"),
            ],
        )
        .await;
    assert_eq!(options["items"].as_array().unwrap().len(), 3);
    assert_eq!(options["items"][0]["price"]["amount"], "5.00");
    assert_eq!(options["meta"]["total"], 7);
    assert_eq!(options["meta"]["last_page"], 3);

    let (_, sub) = client.get("/subproducts", &[("product_code", "D")]).await;
    assert_eq!(sub["message"], "success");
    sim.shutdown().await;
}

#[tokio::test]
async fn config_endpoints_use_the_at_metadata_key() {
    let (sim, client) = start(config()).await;
    let (_, before) = client.get("/callback-url", &[]).await;
    assert_eq!(before["data"]["CallbackUrl"], "");
    assert!(before.get("@metadata").is_some() && before.get("metadata").is_none());

    let query = [("url", "https://merchant.example/hook"), ("method", "POST")];
    let req = client.request("POST", "/callback-url", &query, b"", &Default::default());
    let (status, set) = common::Client::send(req).await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["data"]["CallbackUrl"], "https://merchant.example/hook");
    assert_eq!(
        client.get("/callback-url", &[]).await.1["data"]["Method"],
        "POST"
    );

    let req = client.request(
        "POST",
        "/low-balance-threshold",
        &[("amount", "1000")],
        b"",
        &Default::default(),
    );
    let (_, threshold) = common::Client::send(req).await;
    assert_eq!(threshold["data"]["BalanceThreshold"], 1000);
    assert!(threshold["@metadata"]["last_updated"]
        .as_str()
        .unwrap()
        .starts_with("20"));

    let req = client.request(
        "POST",
        "/callback-url",
        &[("url", "ftp://x"), ("method", "POST")],
        b"",
        &Default::default(),
    );
    let (status, bad) = common::Client::send(req).await;
    assert_eq!((status, bad["field"].as_str()), (400, Some("url")));
    let refused = [
        (
            "/callback-url",
            vec![("url", "https://"), ("method", "POST")],
            "url",
        ),
        (
            "/callback-url",
            vec![("url", "https://x.example")],
            "method",
        ),
        (
            "/callback-url",
            vec![("url", "https://x.example"), ("method", "PUT")],
            "method",
        ),
        ("/low-balance-threshold", vec![("amount", "0.5")], "amount"),
        ("/low-balance-threshold", vec![], "amount"),
    ];
    for (path, query, field) in refused {
        let req = client.request("POST", path, &query, b"", &Default::default());
        let (status, bad) = common::Client::send(req).await;
        assert_eq!(
            (status, bad["field"].as_str()),
            (400, Some(field)),
            "{path} {query:?}"
        );
    }
    sim.shutdown().await;
}
