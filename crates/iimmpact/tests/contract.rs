//! The client against the simulator over real loopback HTTP: every endpoint and every
//! error class of docs/api-decisions.md.

use std::sync::Arc;
use std::time::Duration;

use chrono::{Duration as Days, Utc};
use futures::TryStreamExt;
use iimmpact::client::{Client, ClientConfig, Credentials, RequestBudget, RetryPolicy};
use iimmpact::models::{
    BillPresentmentQuery, BillVerdict, CatalogQuery, DisputeRequest, NetworkHealth, OptionsQuery,
    PaymentStatus, PreparedTopup, StatementEntryType, StatementQuery, SubproductsQuery,
    TopupRequest, TransactionsQuery,
};
use iimmpact::signing::{self, SigningInput};
use iimmpact::time::now_gmt8;
use iimmpact::{
    Amount, ApiKey, AuthFailure, DateRange, Error, HmacSecret, IdToken, ProductCode, Refid,
};
use iimmpact_sim::{
    Fault, FaultKind, RateLimit, SimConfig, SimHandle, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64,
};

fn sim_config() -> SimConfig {
    SimConfig {
        history_entries: 250,
        processing_delay: Duration::from_millis(300),
        ..SimConfig::demo()
    }
}

fn demo_credentials() -> Credentials {
    Credentials::ApiKey {
        key: ApiKey::parse(DEMO_API_KEY).unwrap(),
        secret: HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap(),
    }
}

/// Quick retries so the retry tests take milliseconds, and a budget that never waits.
fn client_for(sim: &SimHandle, credentials: Credentials) -> Client {
    let mut config = ClientConfig::new(&sim.base_url(), credentials);
    config.budget = Arc::new(RequestBudget::uncapped(1000.0, 1000).unwrap());
    config.retry = RetryPolicy {
        base_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    config.timeout = Duration::from_secs(5);
    Client::new(config).unwrap()
}

async fn start(config: SimConfig) -> (SimHandle, Client) {
    let sim = Simulator::start(config).await.unwrap();
    let client = client_for(&sim, demo_credentials());
    (sim, client)
}

fn code(text: &str) -> ProductCode {
    ProductCode::parse(text).unwrap()
}

fn payment(refid: &str, product: &str, account: &str, amount: &str) -> PreparedTopup {
    TopupRequest::new(
        Refid::parse(refid).unwrap(),
        code(product),
        account,
        Amount::parse("amount", amount).unwrap(),
    )
    .unwrap()
    .prepare()
}

/// Re-sends the same payment until it is final, as the journal does.
async fn settle(client: &Client, payment: &PreparedTopup) -> PaymentStatus {
    for _ in 0..50 {
        let status = client.topup(payment).await.unwrap().payment_status();
        if status.is_final() {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("payment {} never became final", payment.refid())
}

fn whole_history() -> DateRange {
    let today = now_gmt8().date_naive();
    DateRange::new(today - Days::days(60), today).unwrap()
}

#[tokio::test]
async fn read_endpoints() {
    let (sim, client) = start(sim_config()).await;

    let balance = client.balance().await.unwrap();
    assert_eq!(balance.balance, sim.ledger().balance);
    assert!(balance.access.may_pay());

    let products = client.product_list().await.unwrap();
    let digi = products
        .iter()
        .find(|p| p.product_code == "D")
        .expect("Digi is listed");
    assert!(digi.is_active() && !digi.denominations().is_empty());

    let catalog = client.catalog(&CatalogQuery::default()).await.unwrap();
    assert!(!catalog.tree.groups.is_empty());
    assert!(catalog.products["D"]
        .fields
        .iter()
        .any(|f| f.id == "amount" && f.field_type == "select"));
    let only_tnb = CatalogQuery {
        product_code: Some(code("TNB")),
        ..CatalogQuery::default()
    };
    assert_eq!(client.catalog(&only_tnb).await.unwrap().products.len(), 1);

    let options = client
        .options(&OptionsQuery::new(code("D"), "amount").unwrap())
        .await
        .unwrap();
    assert_eq!(options.items.len(), digi.denominations().len());
    assert!(options.items.iter().all(|i| i.price.is_some()));

    let query = SubproductsQuery {
        product_code: code("D"),
        account_number: None,
        limit: None,
    };
    assert_eq!(client.subproducts(&query).await.unwrap().message, "success");
    let unknown = SubproductsQuery {
        product_code: code("NOPE"),
        ..query
    };
    let err = client.subproducts(&unknown).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, field: Some(f), .. } if f == "product_code"),
        "{err:?}"
    );

    assert!(client
        .network_status(&code("FP"))
        .await
        .unwrap()
        .data
        .needs_warning());
    let status = client.network_status(&code("TNB")).await.unwrap();
    assert_eq!(status.data.network_status, NetworkHealth::Healthy);
    assert!(status.metadata.unwrap().last_updated.is_some());
    sim.set_network_status("TNB", false);
    assert!(client
        .network_status(&code("TNB"))
        .await
        .unwrap()
        .data
        .needs_warning());
}

#[tokio::test]
async fn bill_presentment_verdicts() {
    let (_sim, client) = start(sim_config()).await;
    let check =
        |product: &str, account: &str| BillPresentmentQuery::new(code(product), account).unwrap();

    let full = client
        .bill_presentment(&check("SYABAS", "220411163904"))
        .await
        .unwrap();
    assert_eq!(full.verdict(), BillVerdict::Valid);
    assert!(
        full.data.customer_name.is_some()
            && full.data.outstanding.is_some()
            && full.data.due_date.is_some()
    );

    // Indah Water returns only the outstanding amount (the seed table).
    let partial = client
        .bill_presentment(&check("IW", "220411163904"))
        .await
        .unwrap();
    assert_eq!(
        (
            partial.data.customer_name.is_none(),
            partial.data.outstanding.is_some()
        ),
        (true, true)
    );

    let invalid = client.bill_presentment(&check("TNB", "12")).await.unwrap();
    assert!(matches!(
        invalid.verdict(),
        BillVerdict::InvalidAccount { .. }
    ));
    assert!(!invalid.may_pay());

    // Digi is in the seed table but returns none of its fields.
    let bare = client
        .bill_presentment(&check("D", "0123456789"))
        .await
        .unwrap();
    assert_eq!(bare.verdict(), BillVerdict::Valid);
    assert_eq!(
        (
            bare.data.customer_name.is_none(),
            bare.data.outstanding.is_none(),
            bare.data.due_date.is_none()
        ),
        (true, true, true)
    );

    let unavailable = client
        .bill_presentment(&check("GC", "0123456789"))
        .await
        .unwrap();
    assert_eq!(unavailable.verdict(), BillVerdict::NoInformation);
    assert!(unavailable.may_pay());
}

#[tokio::test]
async fn a_payment_goes_from_accepted_to_success_with_one_charge() {
    let (sim, client) = start(sim_config()).await;
    let pay = payment("KTR-TEST-0001", "D", "0123456789", "10");

    let first = client.topup(&pay).await.unwrap();
    assert_eq!(
        first.payment_status(),
        PaymentStatus::Pending { code: 0 },
        "the first answer is Accepted"
    );
    assert_eq!(first.refid, "KTR-TEST-0001");
    assert_eq!(settle(&client, &pay).await, PaymentStatus::Succeeded);
    assert_eq!(sim.charges("KTR-TEST-0001"), 1);

    let reply = client.topup(&pay).await.unwrap();
    assert!(reply.sn.is_some());
    assert_eq!(
        sim.charges("KTR-TEST-0001"),
        1,
        "re-checks never charge again"
    );

    let dispute = DisputeRequest::for_refid(
        Refid::parse("KTR-TEST-0001").unwrap(),
        &["customer@example.my"],
    )
    .unwrap();
    let opened = client.dispute(&dispute).await.unwrap();
    assert_eq!(opened.status, iimmpact::models::DisputeStatus::Success);
}

#[tokio::test]
async fn forced_failure_codes_and_refid_conflicts() {
    let (sim, client) = start(sim_config()).await;
    let insufficient = payment("KTR-TEST-0043", "D", "60123450043", "10");
    client.topup(&insufficient).await.unwrap();
    assert!(matches!(
        settle(&client, &insufficient).await,
        PaymentStatus::Failed { code: 43, .. }
    ));
    assert_eq!(
        sim.charges("KTR-TEST-0043"),
        0,
        "a failed payment is refunded"
    );

    let original = payment("KTR-TEST-0002", "D", "0123456789", "10");
    client.topup(&original).await.unwrap();
    let other_account = payment("KTR-TEST-0002", "D", "0199999999", "10");
    let err = client.topup(&other_account).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::RefidConflict {
                field: "account",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_unclear_outcome());
    assert_eq!(sim.charges("KTR-TEST-0002"), 1);
}

#[tokio::test]
async fn a_4xx_on_topup_is_a_definite_refusal() {
    let (sim, client) = start(SimConfig {
        access_level: 50,
        ..sim_config()
    })
    .await;
    let err = client
        .topup(&payment("KTR-TEST-0050", "D", "0123456789", "10"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { code: Some(code), message } if code == "read_only" && message.contains("read-only")),
        "{err:?}"
    );
    assert!(!err.is_unclear_outcome());
    assert_eq!(sim.charges("KTR-TEST-0050"), 0);
}

#[tokio::test]
async fn a_504_on_topup_is_unclear_and_the_same_refid_resolves_it() {
    let (sim, client) = start(sim_config()).await;
    sim.inject(Fault::new("/v2/topup", 1, FaultKind::Status(504)));
    let pay = payment("KTR-TEST-0504", "D", "0123456789", "10");
    let err = client.topup(&pay).await.unwrap_err();
    assert!(err.is_unclear_outcome(), "{err:?}");
    assert_eq!(
        sim.stats().requests_per_path.get("/v2/topup"),
        Some(&1),
        "never auto-retried"
    );
    assert_eq!(settle(&client, &pay).await, PaymentStatus::Succeeded);
    assert_eq!(sim.charges("KTR-TEST-0504"), 1);
}

#[tokio::test]
async fn a_reply_lost_after_commit_is_unclear_and_charged_exactly_once() {
    let (sim, client) = start(sim_config()).await;
    sim.inject(Fault::new("/v2/topup", 1, FaultKind::DropAfterCommit));
    let pay = payment("KTR-TEST-DROP", "D", "0123456789", "10");
    let err = client.topup(&pay).await.unwrap_err();
    assert!(err.is_unclear_outcome(), "{err:?}");
    assert_eq!(
        sim.charges("KTR-TEST-DROP"),
        1,
        "the simulator committed before dropping"
    );
    assert_eq!(settle(&client, &pay).await, PaymentStatus::Succeeded);
    assert_eq!(sim.charges("KTR-TEST-DROP"), 1);
}

#[tokio::test]
async fn reads_retry_5xx_and_timeouts() {
    let (sim, client) = start(sim_config()).await;
    sim.inject(Fault::new("/v2/balance", 2, FaultKind::Status(503)));
    client.balance().await.unwrap();
    assert_eq!(sim.stats().requests_per_path.get("/v2/balance"), Some(&3));

    sim.inject(Fault::new("/v2/balance", 4, FaultKind::Status(500)));
    let err = client.balance().await.unwrap_err();
    assert!(
        matches!(err, Error::Api { status: 500, .. }),
        "bounded attempts: {err:?}"
    );

    let mut config = ClientConfig::new(&sim.base_url(), demo_credentials());
    config.timeout = Duration::from_millis(300);
    config.retry.base_delay = Duration::from_millis(10);
    let impatient = Client::new(config).unwrap();
    sim.inject(Fault::new("/v2/product-list", 1, FaultKind::Timeout));
    impatient.product_list().await.unwrap();
}

#[tokio::test]
async fn credential_errors() {
    let (sim, _) = start(sim_config()).await;
    let wrong_key = Credentials::ApiKey {
        key: ApiKey::parse("iimm_prod_somebody_else").unwrap(),
        secret: HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap(),
    };
    let err = client_for(&sim, wrong_key).balance().await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth { failure: AuthFailure::UnknownKey, message, .. } if message == "API key not found"),
        "{err:?}"
    );

    let wrong_secret = Credentials::ApiKey {
        key: ApiKey::parse(DEMO_API_KEY).unwrap(),
        secret: HmacSecret::from_base64("d3Jvbmc=").unwrap(),
    };
    let err = client_for(&sim, wrong_secret).balance().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                failure: AuthFailure::BadSignature,
                ..
            }
        ),
        "{err:?}"
    );

    let token = Credentials::IdToken(IdToken::new("eyJ.legacy.token").unwrap());
    let err = client_for(&sim, token).balance().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                failure: AuthFailure::BadToken,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        sim.stats().requests_per_path.get("/v2/balance"),
        Some(&3),
        "401s are not retried"
    );
}

#[tokio::test]
async fn a_legacy_id_token_is_accepted_when_configured() {
    let (sim, _) = start(SimConfig {
        id_token: Some("eyJ.legacy.token".into()),
        ..sim_config()
    })
    .await;
    let client = client_for(
        &sim,
        Credentials::IdToken(IdToken::new("eyJ.legacy.token").unwrap()),
    );
    client.balance().await.unwrap();
}

/// Hand-made requests for what the client never sends: a wrong clock, a reused nonce,
/// no User-Agent. The replies are classified by the client's own `Error::from_reply`.
struct Raw {
    http: reqwest::Client,
    url: String,
    secret: HmacSecret,
}

impl Raw {
    fn new(sim: &SimHandle) -> Self {
        Self {
            http: reqwest::Client::new(),
            url: format!("{}/balance", sim.base_url()),
            secret: HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap(),
        }
    }

    async fn balance(&self, timestamp: &str, nonce: &str, user_agent: Option<&str>) -> Error {
        let input = SigningInput {
            timestamp,
            nonce,
            method: "GET",
            query: "",
            body: b"",
        };
        let mut request = self
            .http
            .get(&self.url)
            .header(signing::HEADER_API_KEY, DEMO_API_KEY)
            .header(signing::HEADER_TIMESTAMP, timestamp)
            .header(signing::HEADER_NONCE, nonce)
            .header(
                signing::HEADER_SIGNATURE,
                signing::sign(&self.secret, &input),
            );
        if let Some(agent) = user_agent {
            request = request.header(reqwest::header::USER_AGENT, agent);
        }
        let reply = request.send().await.unwrap();
        let status = reply.status().as_u16();
        let skew = reply
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|d| chrono::DateTime::parse_from_rfc2822(d.to_str().unwrap()).ok())
            .map(|server| {
                server.timestamp() - timestamp.parse::<i64>().unwrap_or(server.timestamp())
            });
        Error::from_reply(status, &reply.text().await.unwrap(), skew)
    }
}

#[tokio::test]
async fn clock_nonce_and_user_agent_traps() {
    let (sim, client) = start(sim_config()).await;
    let raw = Raw::new(&sim);
    let now = Utc::now().timestamp();
    let agent = Some("Kaunter-test");

    // A PC clock ten minutes fast.
    let err = raw
        .balance(&(now + 600).to_string(), &signing::new_nonce(now), agent)
        .await;
    let Error::Auth {
        failure: AuthFailure::ClockSkew,
        clock_skew_secs: Some(skew),
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!((-605..=-595).contains(skew), "{skew}");

    // Milliseconds instead of seconds: thirteen digits, far outside the window.
    let millis = (now * 1000).to_string();
    assert_eq!(millis.len(), 13);
    let err = raw.balance(&millis, &signing::new_nonce(now), agent).await;
    assert!(
        matches!(
            err,
            Error::Auth {
                failure: AuthFailure::ClockSkew,
                ..
            }
        ),
        "{err:?}"
    );

    let nonce = signing::new_nonce(now);
    let ts = now.to_string();
    assert!(
        matches!(
            raw.balance(&ts, &nonce, None).await,
            Error::IpBlocked {
                bare_forbidden: true,
                ..
            }
        ),
        "no User-Agent is refused with the gateway's bare 403"
    );
    let first = raw.balance(&ts, &nonce, agent).await;
    assert!(
        matches!(first, Error::Http { status: 200, .. }),
        "a correct request passes: {first:?}"
    );
    let again = raw.balance(&ts, &nonce, agent).await;
    assert!(
        matches!(
            again,
            Error::Auth {
                failure: AuthFailure::NonceReused,
                ..
            }
        ),
        "{again:?}"
    );

    // The client signs each request afresh and always sends its User-Agent.
    for _ in 0..3 {
        client.balance().await.unwrap();
    }
}

#[tokio::test]
async fn the_rate_limit_block_stops_every_call() {
    let limit = RateLimit {
        max_requests: 5,
        window: Duration::from_secs(30),
        block: Duration::from_secs(60),
    };
    let (sim, client) = start(SimConfig {
        rate_limit: limit,
        ..sim_config()
    })
    .await;
    for _ in 0..5 {
        client.balance().await.unwrap();
    }
    let before = Utc::now();
    let err = client.balance().await.unwrap_err();
    let Error::IpBlocked {
        until,
        bare_forbidden: false,
    } = err
    else {
        panic!("{err:?}")
    };
    assert!(until >= before + Days::minutes(240), "{until}");
    let again = client.product_list().await.unwrap_err();
    assert!(
        matches!(again, Error::IpBlocked { until: u, .. } if u == until),
        "the whole IP is blocked: {again:?}"
    );
    assert_eq!(
        sim.stats().blocked_requests,
        1,
        "a 403 is never retried, and nothing is sent while blocked"
    );
}

#[tokio::test]
async fn statement_stream_reads_every_page_in_order() {
    let (sim, client) = start(sim_config()).await;
    let pages: Vec<_> = client
        .balance_statement_stream(StatementQuery::new(whole_history()))
        .try_collect()
        .await
        .unwrap();
    let entries: Vec<_> = pages.iter().flat_map(|p| &p.rows).collect();
    let ledger = sim.ledger();
    assert_eq!(entries.len() as u64, ledger.entries);
    assert_eq!(
        pages.len(),
        3,
        "250 rows at the simulator's cap of 100 per page"
    );
    let last = pages.last().unwrap().progress;
    assert_eq!(
        (
            last.pages_done,
            last.pages_total,
            last.rows_done,
            last.rows_total
        ),
        (3, Some(3), 250, Some(250))
    );
    assert!(
        entries.windows(2).all(|w| w[0].id < w[1].id),
        "ids ascend across pages"
    );
    assert!(
        entries
            .windows(2)
            .all(|w| w[1].balance == w[0].balance + w[1].amount),
        "the running balance holds"
    );
    assert_eq!(entries.last().unwrap().balance, ledger.balance);

    let deposits = StatementQuery::new(whole_history())
        .with_type(StatementEntryType::Deposit)
        .unwrap();
    let rows: Vec<_> = client
        .balance_statement_stream(deposits)
        .try_collect()
        .await
        .unwrap();
    let rows: Vec<_> = rows.into_iter().flat_map(|p| p.rows).collect();
    assert!(
        !rows.is_empty()
            && rows
                .iter()
                .all(|e| e.entry_type == StatementEntryType::Deposit)
    );
    assert_eq!(
        rows.iter().map(|e| e.amount).sum::<rust_decimal::Decimal>(),
        ledger.sums.deposit
    );

    let page = client
        .balance_statement(&StatementQuery::new(whole_history()), 2, 100)
        .await
        .unwrap();
    assert_eq!(page.meta.current_page, 2);
}

#[tokio::test]
async fn statement_stream_backs_off_on_503_and_ends_at_the_first_error() {
    let (sim, client) = start(sim_config()).await;
    sim.inject(Fault::new(
        "/v2/balance-statement",
        2,
        FaultKind::Status(503),
    ));
    let pages: Vec<_> = client
        .balance_statement_stream(StatementQuery::new(whole_history()))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.iter().map(|p| p.rows.len()).sum::<usize>(), 250);

    sim.inject(Fault::new(
        "/v2/balance-statement",
        10,
        FaultKind::Status(400),
    ));
    let results: Vec<_> = futures::StreamExt::collect(
        client.balance_statement_stream(StatementQuery::new(whole_history())),
    )
    .await;
    assert_eq!(results.len(), 1);
    assert!(results[0].is_err());
}

#[tokio::test]
async fn transactions_page_and_stream() {
    let (sim, client) = start(sim_config()).await;
    let pay = payment("KTR-TEST-HIST", "D", "0123456789", "10");
    client.topup(&pay).await.unwrap();
    settle(&client, &pay).await;

    let query = TransactionsQuery::new(whole_history());
    let pages: Vec<_> = client
        .transactions_stream(query.clone())
        .try_collect()
        .await
        .unwrap();
    let rows: Vec<_> = pages.iter().flat_map(|p| &p.rows).collect();
    let total = pages[0]
        .progress
        .rows_total
        .expect("the simulator gives meta.total");
    assert_eq!(rows.len() as u64, total);
    assert!(rows
        .iter()
        .any(|t| t.refid.as_deref() == Some("KTR-TEST-HIST")));
    assert!(
        rows.windows(2).all(|w| w[0].date <= w[1].date),
        "in time order"
    );

    let mut mine = query;
    mine.account = Some("0123456789".into());
    let page = client.transactions(&mine, 0, 10).await.unwrap();
    assert!(page.data.iter().all(|t| t.account == "0123456789"));
    assert!(sim.stats().max_requests_per_second > 0);
}
