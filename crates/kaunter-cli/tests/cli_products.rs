//! `kaunter options` and `kaunter pay --extra` against the simulator: the choices listed,
//! and what reached the simulator (one charge, the extras it received) or did not.

mod common;

use common::{json, quick, scripted_cli, topups};
use iimmpact_sim::{Fault, FaultKind, Simulator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_plan_from_the_listed_options_is_paid_at_its_price() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let listed = scripted_cli(
        &sim,
        dir.path(),
        &["options", "--product", "DI", "--account", "0123456788"],
    )
    .output()
    .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    let plans = json(&listed);
    let plan = &plans.as_array().unwrap()[1];
    assert_eq!(plan["code"], "DI_WEEKUNL");
    assert_eq!(plan["price"], "12.00");
    assert_eq!(plan["validity"], "7 days");

    let extra = format!("subproduct_code={}", plan["code"].as_str().unwrap());
    let paid = scripted_cli(
        &sim,
        dir.path(),
        &[
            "pay",
            "--product",
            "DI",
            "--account",
            "012-345 6788",
            "--extra",
            &extra,
            "--yes",
        ],
    )
    .output()
    .unwrap();
    assert!(paid.status.success(), "{paid:?}");
    let record = json(&paid);
    assert_eq!(record["amount"], "12.00");
    let refid = record["refid"].as_str().unwrap();
    assert_eq!(sim.charges(refid), 1);
    assert_eq!(sim.extras(refid).unwrap()["subproduct_code"], "DI_WEEKUNL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jompay_with_ref2_and_ic_is_paid_and_without_the_ic_nothing_is_sent() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let jompay = |extras: &[&str]| {
        let mut args = vec![
            "pay",
            "--product",
            "JOMPAY",
            "--account",
            "INV77",
            "--amount",
            "88.50",
            "--yes",
        ];
        for extra in extras {
            args.extend(["--extra", extra]);
        }
        scripted_cli(&sim, dir.path(), &args).output().unwrap()
    };
    let refused = jompay(&["biller_code=68502", "ref2=A-12"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let error = json(&refused);
    assert_eq!(error["field"], "ic_number", "{error}");
    assert_eq!(topups(&sim), 0, "refused before sending");

    let paid = jompay(&["biller_code=68502", "ref2=A-12", "IC-NUMBER=900101-14-5678"]);
    assert!(paid.status.success(), "{paid:?}");
    let refid = json(&paid)["refid"].as_str().unwrap().to_owned();
    assert_eq!(sim.charges(&refid), 1);
    let received = sim.extras(&refid).unwrap();
    assert_eq!(received["ic_number"], "900101145678");
    assert_eq!(received["ref2"], "A-12");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voucher_pin_comes_back_and_an_unknown_extra_is_refused_by_name() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = scripted_cli(
        &sim,
        dir.path(),
        &[
            "pay",
            "--product",
            "GC",
            "--account",
            "0123456789",
            "--amount",
            "10",
            "--extra",
            "pin=1",
            "--yes",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert_eq!(json(&bad)["field"], "extra");
    let paid = scripted_cli(
        &sim,
        dir.path(),
        &[
            "pay",
            "--product",
            "GC",
            "--account",
            "0123456789",
            "--amount",
            "10",
            "--yes",
        ],
    )
    .output()
    .unwrap();
    assert!(paid.status.success(), "{paid:?}");
    let record = json(&paid);
    assert_eq!(record["pin"].as_str().map(str::len), Some(10), "{record}");
    assert_eq!(sim.charges(record["refid"].as_str().unwrap()), 1);
}

/// `kaunter products` asks for the catalogue each run and keeps it; a run while the
/// catalogue (and the product list) fail lists the kept products, in the same order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_come_from_the_catalogue_and_from_its_cache_when_it_fails() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let products = || {
        scripted_cli(&sim, dir.path(), &["products"])
            .output()
            .unwrap()
    };
    let first = products();
    assert!(first.status.success(), "{first:?}");
    let first = json(&first);
    let groups: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        groups.first(),
        Some(&"Mobile"),
        "the catalogue's group names"
    );

    for path in ["/v2/catalog", "/v2/product-list"] {
        sim.inject(Fault::new(path, 100, FaultKind::Status(400)));
    }
    let cached = products();
    assert!(cached.status.success(), "{cached:?}");
    assert_eq!(json(&cached), first);
    assert!(
        sim.stats().requests_per_path["/v2/catalog"] >= 2,
        "it asked"
    );
}
