//! The account-settings endpoints (`../shared/iimmpact-api.md` §3.13, §3.14), client against simulator over
//! loopback: POSTs in the query string, replies in the `@metadata` envelope.

use std::sync::Arc;

use iimmpact::client::{Client, ClientConfig, Credentials, RequestBudget};
use iimmpact::models::{CallbackMethod, CallbackTarget, CallbackUrl, ThresholdAmount};
use iimmpact::{ApiKey, HmacSecret};
use iimmpact_sim::{SimConfig, SimHandle, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64};
use rust_decimal::Decimal;

async fn start() -> (SimHandle, Client) {
    let sim = Simulator::start(SimConfig::demo()).await.unwrap();
    let mut config = ClientConfig::new(
        &sim.base_url(),
        Credentials::ApiKey {
            key: ApiKey::parse(DEMO_API_KEY).unwrap(),
            secret: HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap(),
        },
    );
    config.budget = Arc::new(RequestBudget::uncapped(1000.0, 1000).unwrap());
    let client = Client::new(config).unwrap();
    (sim, client)
}

#[tokio::test]
async fn the_low_balance_threshold_is_read_and_set_exactly() {
    let (sim, client) = start().await;
    let before = client.low_balance_threshold().await.unwrap();
    assert_eq!(before.data.balance_threshold, Some(Decimal::ZERO));
    assert!(before.metadata.unwrap().last_updated.is_some());

    let set = client
        .set_low_balance_threshold(ThresholdAmount::parse("2500.50").unwrap())
        .await
        .unwrap();
    assert_eq!(set.data.balance_threshold, Some(Decimal::new(250050, 2)));
    assert_eq!(set.metadata.unwrap().status_code, Some(200));
    let after = client.low_balance_threshold().await.unwrap();
    assert_eq!(after.data.balance_threshold, Some(Decimal::new(250050, 2)));
    assert_eq!(
        sim.stats().requests_per_path["/v2/low-balance-threshold"],
        3
    );
}

#[tokio::test]
async fn the_callback_url_is_read_and_set_in_the_query_string() {
    let (_sim, client) = start().await;
    let before = client.callback_url().await.unwrap();
    assert_eq!((before.data.url, before.data.method), (None, None));

    let target = CallbackTarget {
        // `&` and `=` inside the value must survive the query string's encoding.
        url: CallbackUrl::parse("https://shop.example/hook?a=1&b=2").unwrap(),
        method: CallbackMethod::Get,
    };
    let set = client.set_callback_url(&target).await.unwrap();
    assert_eq!(set.data.url.as_deref(), Some(target.url.as_str()));
    assert_eq!(set.data.method, Some(CallbackMethod::Get));
    let after = client.callback_url().await.unwrap();
    assert_eq!(after.data.url.as_deref(), Some(target.url.as_str()));
    assert_eq!(after.data.method, Some(CallbackMethod::Get));
}
