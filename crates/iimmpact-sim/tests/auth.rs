//! Signature checks as the real server makes them, and the gateway's refusals.

mod common;

use std::time::Duration;

use common::{config, start, Client, Tweak};
use iimmpact_sim::{RateLimit, SimConfig};

async fn refusal(client: &Client, tweak: Tweak) -> (u16, String) {
    let (status, body) = Client::send(client.request("GET", "/balance", &[], b"", &tweak)).await;
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

/// A timestamp `offset` seconds from the moment of the call. Taken just before its request: a
/// `now` taken earlier drifts by a second whenever a second boundary passes in between, which
/// puts "301 s ahead" inside the server's 300 s window.
fn skewed(offset: i64) -> Tweak {
    Tweak {
        timestamp: Some((chrono::Utc::now().timestamp() + offset).to_string()),
        ..Tweak::default()
    }
}

#[tokio::test]
async fn each_bad_credential_gets_its_401() {
    let (sim, client) = start(config()).await;
    let now = chrono::Utc::now().timestamp();
    let cases = [
        (
            Tweak {
                omit: Some("X-Signature"),
                ..Tweak::default()
            },
            "missing_headers",
        ),
        (
            Tweak {
                omit: Some("X-Api-Key"),
                ..Tweak::default()
            },
            "missing_headers",
        ),
        (
            Tweak {
                key: Some("iimm_prod_someone_else".into()),
                ..Tweak::default()
            },
            "api_key_not_found",
        ),
        (
            Tweak {
                timestamp: Some((now * 1000).to_string()),
                ..Tweak::default()
            },
            "invalid_timestamp",
        ),
        (
            Tweak {
                nonce: Some("short-nonce".into()),
                ..Tweak::default()
            },
            "invalid_nonce",
        ),
        (
            Tweak {
                nonce: Some("n".repeat(129)),
                ..Tweak::default()
            },
            "invalid_nonce",
        ),
        (
            Tweak {
                signature: Some("v1=AAAA".into()),
                ..Tweak::default()
            },
            "invalid_signature",
        ),
    ];
    for (tweak, code) in cases {
        assert_eq!(refusal(&client, tweak).await, (401, code.to_owned()));
    }
    for offset in [-301, 301] {
        assert_eq!(
            refusal(&client, skewed(offset)).await,
            (401, "invalid_timestamp".to_owned())
        );
    }
    // Inside the window at its edges, and nonces at the length limits, are fine.
    for tweak in [
        skewed(-290),
        Tweak {
            nonce: Some("n".repeat(16)),
            ..Tweak::default()
        },
        Tweak {
            nonce: Some("m".repeat(128)),
            ..Tweak::default()
        },
    ] {
        assert_eq!(refusal(&client, tweak).await.0, 200);
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn a_reused_nonce_is_refused() {
    let (sim, client) = start(config()).await;
    let tweak = Tweak {
        nonce: Some("req-1704067200-0123456789abcdef".into()),
        ..Tweak::default()
    };
    assert_eq!(refusal(&client, tweak.clone()).await.0, 200);
    assert_eq!(
        refusal(&client, tweak).await,
        (401, "nonce_reused".to_owned())
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_signature_covers_sorted_decoded_query_and_exact_body() {
    let (sim, client) = start(config()).await;
    // Repeated keys and a value with spaces: the canonical form is sorted and decoded.
    let query = [
        ("status", "SUCCESSFUL"),
        ("date", "2025-05-01 - 2025-05-31"),
        ("limit", "5"),
        ("status", "FAILED"),
    ];
    let (status, body) = client.get("/transactions", &query).await;
    assert_eq!(status, 200, "{body}");

    // A body that differs from the one signed fails.
    let signed = br#"{"refid":"KTR-S-1","product":"D","account":"0123456789","amount":"10"}"#;
    let req = client
        .request("POST", "/topup", &[], signed, &Tweak::default())
        .body(r#"{"refid":"KTR-S-1","product":"D","account":"0123456789","amount":"100"}"#);
    let (status, body) = Client::send(req).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_signature"))
    );
    assert_eq!(sim.charges("KTR-S-1"), 0);

    // A query parameter added after signing fails.
    let req = client.request(
        "GET",
        "/networkstatus",
        &[("product", "TNB")],
        b"",
        &Tweak::default(),
    );
    let (status, _) = Client::send(req.query(&[("extra", "1")])).await;
    assert_eq!(status, 401);
    sim.shutdown().await;
}

#[tokio::test]
async fn no_user_agent_is_a_bare_gateway_403() {
    let (sim, client) = start(config()).await;
    let bare = Client::with_http(&sim, reqwest::Client::new());
    let (status, body) =
        Client::send(bare.request("GET", "/balance", &[], b"", &Tweak::default())).await;
    assert_eq!(status, 403);
    assert_eq!(body, serde_json::json!({"message": "Forbidden"}));
    drop(client);
    sim.shutdown().await;
}

async fn with_token(
    client: &Client,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    let url = format!("{}{path}", client.base);
    let req = client
        .http
        .request(method.parse().unwrap(), url)
        .header("Authorization", token)
        .header("Content-Type", "application/json")
        .body(body.to_owned());
    Client::send(req).await
}

#[tokio::test]
async fn legacy_id_token_works_bearer_or_bare_and_can_be_locked_out_of_topup() {
    let cfg = SimConfig {
        id_token: Some("eyJ.legacy.token".into()),
        ..config()
    };
    let (sim, client) = start(cfg).await;
    assert_eq!(
        with_token(&client, "GET", "/balance", "Bearer eyJ.legacy.token", "")
            .await
            .0,
        200
    );
    assert_eq!(
        with_token(&client, "GET", "/balance", "eyJ.legacy.token", "")
            .await
            .0,
        200
    );
    let (status, body) = with_token(&client, "GET", "/balance", "Bearer wrong", "").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_token"))
    );
    let pay = r#"{"refid":"KTR-JWT-1","product":"D","account":"0123456789","amount":"10"}"#;
    assert_eq!(
        with_token(&client, "POST", "/topup", "Bearer eyJ.legacy.token", pay)
            .await
            .0,
        200
    );
    sim.shutdown().await;

    let cfg = SimConfig {
        id_token: Some("eyJ.legacy.token".into()),
        require_api_key_for_topup: true,
        ..config()
    };
    let (sim, client) = start(cfg).await;
    let pay = r#"{"refid":"KTR-JWT-2","product":"D","account":"0123456789","amount":"10"}"#;
    let (status, body) =
        with_token(&client, "POST", "/topup", "Bearer eyJ.legacy.token", pay).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("api_key_required"))
    );
    assert_eq!(sim.charges("KTR-JWT-2"), 0);
    // API-key requests still pay.
    assert_eq!(
        client.topup("KTR-JWT-3", "D", "0123456789", "10").await.0,
        200
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn over_the_rate_limit_the_ip_is_blocked_then_released() {
    let cfg = SimConfig {
        rate_limit: RateLimit {
            max_requests: 5,
            window: Duration::from_secs(60),
            block: Duration::from_millis(700),
        },
        ..config()
    };
    let (sim, client) = start(cfg).await;
    for _ in 0..5 {
        assert_eq!(client.get("/balance", &[]).await.0, 200);
    }
    let (status, body) = client.get("/balance", &[]).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("ip_blocked")));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("blocked for 1 minutes"),
        "{body}"
    );
    // Blocked whatever it sends, even a correct payment.
    assert_eq!(
        client.topup("KTR-B-1", "D", "0123456789", "10").await.0,
        403
    );
    assert_eq!(sim.charges("KTR-B-1"), 0);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(client.get("/balance", &[]).await.0, 200);

    let stats = sim.stats();
    assert_eq!(stats.total_requests, 8);
    assert_eq!(stats.blocked_requests, 2);
    assert_eq!(stats.requests_per_path["/v2/balance"], 7);
    assert_eq!(stats.max_requests_per_window, 8);
    sim.shutdown().await;
}
