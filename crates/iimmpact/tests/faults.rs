//! The client against tiny local servers that misbehave in one way each: a redirect
//! to another host, the rate limiter's block, short pages and oversized replies.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{NaiveDate, TimeDelta, Utc};
use futures::{StreamExt, TryStreamExt};
use iimmpact::client::{Client, ClientConfig, Credentials, RetryPolicy};
use iimmpact::models::{StatementQuery, TopupRequest, TransactionsQuery};
use iimmpact::{Amount, ApiKey, DateRange, Error, HmacSecret, ProductCode, Refid};

const KEY: &str = "iimm_dev_faultkey123";

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}/v2")
}

fn config(base_url: &str) -> ClientConfig {
    let credentials = Credentials::ApiKey {
        key: ApiKey::parse(KEY).unwrap(),
        secret: HmacSecret::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").unwrap(),
    };
    let mut config = ClientConfig::new(base_url, credentials);
    config.retry = RetryPolicy {
        base_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    };
    config.timeout = Duration::from_secs(5);
    config
}

fn client(base_url: &str) -> Client {
    Client::new(config(base_url)).unwrap()
}

fn range() -> DateRange {
    let day = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
    DateRange::new(day, day).unwrap()
}

/// Counts the requests a server got.
#[derive(Clone, Default)]
struct Hits(Arc<AtomicUsize>);

impl Hits {
    fn take(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst)
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

const BALANCE: &str =
    r#"{"data":{"account":"A1","name":"Shop","balance":"100.00","level":"1","access":10}}"#;
const BLOCKED: &str = r#"{"error":"ip_blocked","message":"Too many requests. This IP address is blocked for 240 minutes."}"#;

fn json(status: StatusCode, body: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[tokio::test]
async fn a_redirect_is_never_followed_to_another_host() {
    let seen: Arc<Mutex<Vec<HeaderMap>>> = Arc::default();
    let second = serve(Router::new().fallback({
        let seen = seen.clone();
        move |headers: HeaderMap| async move {
            seen.lock().unwrap().push(headers);
            json(StatusCode::OK, BALANCE)
        }
    }))
    .await;
    let first = serve(Router::new().fallback(move || {
        let second = second.clone();
        async move {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, format!("{second}/balance"))],
            )
        }
    }))
    .await;
    let client = client(&first);

    let err = client.balance().await.unwrap_err();
    assert!(
        matches!(&err, Error::Redirected { status: 307, location: Some(l) } if l.ends_with("/v2/balance")),
        "{err:?}"
    );
    let payment = TopupRequest::new(
        Refid::parse("KTR-R1").unwrap(),
        ProductCode::parse("D").unwrap(),
        "0123456789",
        Amount::parse("amount", "10").unwrap(),
    )
    .unwrap()
    .prepare();
    let err = client.topup(&payment).await.unwrap_err();
    assert!(matches!(err, Error::Redirected { .. }), "{err:?}");
    assert!(err.is_unclear_outcome(), "re-checked with the same refid");
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing, and so no key or signature, reached the second host"
    );
}

#[tokio::test]
async fn after_a_block_nothing_is_sent_until_a_check_lifts_it() {
    let hits = Hits::default();
    let base = serve(Router::new().route(
        "/v2/balance",
        get({
            let hits = hits.clone();
            move || async move {
                match hits.take() {
                    0 => json(StatusCode::FORBIDDEN, BLOCKED),
                    _ => json(StatusCode::OK, BALANCE),
                }
            }
        }),
    ))
    .await;
    let client = client(&base);
    let before = Utc::now();

    let err = client.balance().await.unwrap_err();
    let Error::IpBlocked {
        until,
        bare_forbidden: false,
    } = err
    else {
        panic!("{err:?}")
    };
    assert!(until >= before + TimeDelta::minutes(240));
    assert!(!err.is_unclear_outcome());
    for _ in 0..5 {
        let err = client.balance().await.unwrap_err();
        assert!(
            matches!(err, Error::IpBlocked { until: u, .. } if u == until),
            "{err:?}"
        );
    }
    assert_eq!(hits.count(), 1, "nothing was sent while blocked");
    assert_eq!(client.ip_block().until(), Some(until));

    let balance = client.check_unblocked().await.unwrap();
    assert_eq!(balance.account, "A1");
    assert_eq!(hits.count(), 2, "the check is one request");
    assert_eq!(client.ip_block().status(), None);
    client.balance().await.unwrap();
    assert_eq!(hits.count(), 3);
}

#[tokio::test]
async fn a_check_that_is_refused_keeps_the_first_end() {
    let hits = Hits::default();
    let base = serve(Router::new().route(
        "/v2/balance",
        get({
            let hits = hits.clone();
            move || async move {
                hits.take();
                json(StatusCode::FORBIDDEN, r#"{"message":"Forbidden"}"#)
            }
        }),
    ))
    .await;
    let client = client(&base);
    let first = client.balance().await.unwrap_err();
    let Error::IpBlocked {
        until,
        bare_forbidden: true,
    } = first
    else {
        panic!("{first:?}")
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let err = client.check_unblocked().await.unwrap_err();
    assert!(
        matches!(err, Error::IpBlocked { until: u, .. } if u == until),
        "{err:?}"
    );
    assert_eq!(hits.count(), 2);
    assert_eq!(client.ip_block().until(), Some(until), "not extended");
}

#[tokio::test]
async fn the_gate_opens_by_itself_once_the_block_has_ended() {
    let hits = Hits::default();
    let base = serve(Router::new().route(
        "/v2/balance",
        get({
            let hits = hits.clone();
            move || async move {
                hits.take();
                json(StatusCode::OK, BALANCE)
            }
        }),
    ))
    .await;
    let client = client(&base);
    client
        .ip_block()
        .block(Utc::now() - TimeDelta::minutes(241), false);
    client.balance().await.unwrap();
    client
        .ip_block()
        .restore(Utc::now() + TimeDelta::minutes(5), true);
    let err = client.balance().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::IpBlocked {
                bare_forbidden: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(hits.count(), 1);
}

#[tokio::test]
async fn an_explained_403_refuses_without_blocking() {
    let base = serve(Router::new().route(
        "/v2/balance",
        get(|| async {
            json(
                StatusCode::FORBIDDEN,
                r#"{"error":"api_key_required","message":"API key authentication is required for topup"}"#,
            )
        }),
    ))
    .await;
    let client = client(&base);
    let err = client.balance().await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { code: Some(code), .. } if code == "api_key_required"),
        "{err:?}"
    );
    assert_eq!(client.ip_block().status(), None);
}

/// A whole-number query parameter, as a paging test server reads it.
fn number<T: std::str::FromStr>(query: &[(String, String)], name: &str) -> Option<T> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn transaction(n: u64) -> serde_json::Value {
    serde_json::json!({"trxid": n.to_string(), "amount": "1.00", "account": "0123456789"})
}

#[tokio::test]
async fn transactions_shorter_than_their_total_end_with_an_error() {
    let base = serve(Router::new().route(
        "/v2/transactions",
        get(
            |query: axum::extract::Query<Vec<(String, String)>>| async move {
                let offset = number(&query, "offset").unwrap_or(0);
                // Five announced, four served: the last page comes back empty.
                let rows: Vec<_> = (offset..(offset + 2).min(4)).map(transaction).collect();
                let body = serde_json::json!({
                    "data": rows,
                    "meta": {"offset": offset, "limit": 2, "total": 5}
                });
                axum::Json(body)
            },
        ),
    ))
    .await;
    let client = client(&base);
    let items: Vec<_> = client
        .transactions_stream(TransactionsQuery::new(range()))
        .collect()
        .await;
    let rows: usize = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|p| p.rows.len())
        .sum();
    assert_eq!(rows, 4);
    let last = items.last().unwrap();
    assert!(
        matches!(
            last,
            Err(Error::ShortPages {
                expected: 5,
                received: 4
            })
        ),
        "{last:?}"
    );
    assert!(!last.as_ref().unwrap_err().is_unclear_outcome());
}

#[tokio::test]
async fn a_statement_shorter_than_its_total_ends_with_an_error() {
    let base = serve(Router::new().route(
        "/v2/balance-statement",
        get(
            |query: axum::extract::Query<Vec<(String, String)>>| async move {
                let page = number(&query, "page").unwrap_or(1);
                let rows: Vec<_> = (0..if page < 3 { 2 } else { 0 })
                    .map(|i| {
                        serde_json::json!({"id": page * 10 + i, "date": "2025-05-01 10:00:00.000",
                        "amount": -1, "balance": 10, "remarks": "", "type": "T"})
                    })
                    .collect();
                axum::Json(serde_json::json!({
                    "data": rows,
                    "meta": {"current_page": page, "last_page": 3, "per_page": 2, "total": 5}
                }))
            },
        ),
    ))
    .await;
    let client = client(&base);
    let err = client
        .balance_statement_stream(StatementQuery::new(range()))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ShortPages {
                expected: 5,
                received: 4
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_oversized_reply_stops_reading() {
    let base = serve(
        Router::new()
            .route("/v2/balance", get(|| async { " ".repeat(4096) }))
            .route(
                "/v2/product-list",
                get(|| async {
                    // Chunked, without a length to refuse up front.
                    let chunks = (0..8).map(|_| Ok::<_, std::io::Error>(vec![b' '; 512]));
                    Body::from_stream(futures::stream::iter(chunks))
                }),
            ),
    )
    .await;
    let mut config = config(&base);
    config.max_reply_bytes = 1024;
    let client = Client::new(config).unwrap();
    let err = client.balance().await.unwrap_err();
    assert!(matches!(err, Error::TooLarge { limit: 1024 }), "{err:?}");
    assert!(err.is_unclear_outcome());
    let err = client.product_list().await.unwrap_err();
    assert!(matches!(err, Error::TooLarge { limit: 1024 }), "{err:?}");
}
