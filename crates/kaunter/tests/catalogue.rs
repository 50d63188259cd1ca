//! The product list from the merchant's catalogue against the simulator: fetched and
//! cached on the first open, offered from the cache when the catalogue fails, the
//! product list when it is not served, and never an inactive product.

mod common;

use chrono::{TimeDelta, Utc};
use common::{counter, patient, quick, reload, session, topups, Counter};
use iimmpact::models::ProductStatus;
use iimmpact_sim::{Fault, FaultKind, SimHandle};
use kaunter::counter::ProductView;
use kaunter::paths::Paths;
use kaunter::product_cache::{CachedProducts, ProductCache, Source};
use kaunter::{Environment, Error, Problem};

fn requests(sim: &SimHandle, path: &str) -> u64 {
    sim.stats()
        .requests_per_path
        .get(path)
        .copied()
        .unwrap_or(0)
}

fn cache(c: &Counter) -> ProductCache {
    ProductCache::new(&Paths::under(c.dir.path()), Environment::Demo)
}

fn cached(c: &Counter) -> CachedProducts {
    cache(c).load().expect("the products are cached")
}

/// The group names in the order they are offered, once each (each group is one run).
fn groups(products: &[ProductView]) -> Vec<&str> {
    let mut groups: Vec<&str> = products.iter().map(|p| p.group.as_str()).collect();
    groups.dedup();
    groups
}

fn codes(products: &[ProductView]) -> Vec<&str> {
    products.iter().map(|p| p.code.as_str()).collect()
}

fn fail(sim: &SimHandle, path: &str, status: u16) {
    sim.inject(Fault::new(path, 100, FaultKind::Status(status)));
}

#[tokio::test]
async fn the_first_open_fetches_the_catalogue_in_its_order_and_caches_it() {
    let c = counter(quick(), patient()).await;
    let products = c.kaunter.products().await.unwrap();
    assert_eq!(
        groups(&products),
        ["Mobile", "Bills", "Education", "Vouchers"],
        "the catalogue's groups, in its tree's order"
    );
    let digi = products.iter().find(|p| p.code == "D").unwrap();
    assert!(
        !digi.denominations.is_empty(),
        "the product list still shapes the form: {digi:?}"
    );
    let on_disk = cached(&c);
    assert_eq!(on_disk.source, Source::Catalog);
    assert_eq!(
        on_disk.last_updated.map(|t| t.to_string()).as_deref(),
        Some("2025-01-07 08:00:00")
    );
    assert_eq!(requests(&c.sim, "/v2/catalog"), 1);
}

#[tokio::test]
async fn with_the_catalogue_failing_a_second_session_sells_from_the_cache() {
    let c = counter(quick(), patient()).await;
    let first = c.kaunter.products().await.unwrap();
    fail(&c.sim, "/v2/catalog", 503);
    fail(&c.sim, "/v2/product-list", 503);
    let next = session(&c.sim, &c.dir, patient());

    let before = requests(&c.sim, "/v2/catalog");
    assert_eq!(next.products().await.unwrap(), first);
    assert_eq!(
        requests(&c.sim, "/v2/catalog"),
        before,
        "a fresh cache opens without asking"
    );

    assert_eq!(next.refresh_products().await.unwrap(), first);
    assert!(
        requests(&c.sim, "/v2/catalog") > before,
        "the refresh asked and failed"
    );

    // The cached list still checks a payment: no request is sent for a wrong amount.
    let err = next.pay(&reload("0123456789", "7")).await.unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("amount"), "{err:?}");
    assert_eq!(topups(&c.sim), 0);
}

#[tokio::test]
async fn a_stale_cache_is_shown_at_once_and_fetched_again_behind_it() {
    let c = counter(quick(), patient()).await;
    c.kaunter.products().await.unwrap();
    let mut old = cached(&c);
    old.fetched_at = Utc::now() - TimeDelta::hours(1);
    old.products.retain(|p| p.product_code != "D");
    cache(&c).save(&old).unwrap();

    let next = session(&c.sim, &c.dir, patient());
    let shown = next.products().await.unwrap();
    assert!(!codes(&shown).contains(&"D"), "the cache as it was");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while cached(&c).fetched_at == old.fetched_at {
        assert!(std::time::Instant::now() < deadline, "never fetched again");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let shown = next.products().await.unwrap();
    assert!(codes(&shown).contains(&"D"), "the fresh list next time");
}

#[tokio::test]
async fn a_catalogue_not_served_falls_back_to_the_product_list() {
    let c = counter(quick(), patient()).await;
    fail(&c.sim, "/v2/catalog", 404);
    let products = c.kaunter.products().await.unwrap();
    assert!(products.iter().any(|p| p.code == "D"));
    assert_eq!(
        products.iter().find(|p| p.code == "D").unwrap().group,
        "Mobile Reload",
        "the list's own group words"
    );
    assert_eq!(cached(&c).source, Source::ProductList);
}

#[tokio::test]
async fn with_nothing_cached_a_failing_catalogue_falls_back_to_the_product_list() {
    let c = counter(quick(), patient()).await;
    c.sim
        .inject(Fault::new("/v2/catalog", 1, FaultKind::Status(400)));
    let products = c.kaunter.products().await.unwrap();
    assert!(products.iter().any(|p| p.code == "D"));
    assert_eq!(cached(&c).source, Source::ProductList);
}

#[tokio::test]
async fn an_inactive_product_is_not_offered_nor_paid() {
    let c = counter(quick(), patient()).await;
    c.kaunter.products().await.unwrap();
    let mut retired = cached(&c);
    for p in &mut retired.products {
        if p.product_code == "D" {
            p.status = ProductStatus::Inactive;
        }
    }
    cache(&c).save(&retired).unwrap();

    let next = session(&c.sim, &c.dir, patient());
    let products = next.products().await.unwrap();
    assert!(!codes(&products).contains(&"D"), "{products:?}");
    assert!(codes(&products).contains(&"M"));
    match next.pay(&reload("0123456789", "10")).await {
        Err(Error::Invalid { field, problem }) => {
            assert_eq!((field.as_str(), problem), ("product", Problem::NotOnSale))
        }
        other => panic!("an inactive product was not refused: {other:?}"),
    }
    assert_eq!(topups(&c.sim), 0);
}
