//! The session facade as the desktop shell uses it: Demo on its own simulator, and the
//! journal available offline.

use std::time::Duration;

use kaunter::counter::PaymentRequest;
use kaunter::journal::PaymentState;
use kaunter::paths::Paths;
use kaunter::payments::Polling;
use kaunter::session::{Session, SessionConfig};
use kaunter::settings::Settings;
use kaunter::Environment;

#[tokio::test]
async fn demo_runs_its_own_simulator_and_receipts_carry_the_outlet_header() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    paths.create_all().unwrap();
    let settings = Settings {
        outlet_name: "Kedai Runcit Ali".into(),
        receipt_header: vec!["No. 1, Jalan Ampang".into()],
        ..Settings::default()
    };
    settings.save(&paths).unwrap();

    let mut config = SessionConfig::new(Environment::Demo, paths.clone());
    config.polling = Polling {
        deadline: Duration::from_secs(10),
        ..Polling::default()
    };
    let demo = Session::open(config).unwrap();
    let balance = demo.balance().await.unwrap();
    assert!(balance.balance > rust_decimal::Decimal::ZERO);
    assert!(demo.products().await.unwrap().iter().any(|p| p.code == "D"));

    let paid = demo
        .pay(&PaymentRequest {
            product: "D".into(),
            account: "0123456789".into(),
            amount: "10".into(),
            ..PaymentRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded);
    let receipt = demo.receipt(paid.refid.as_str()).await.unwrap();
    assert_eq!(receipt.heading[0], "Kedai Runcit Ali", "{receipt:?}");
    assert!(
        receipt.heading.iter().any(|l| l == "No. 1, Jalan Ampang"),
        "{receipt:?}"
    );
    assert_eq!(demo.journal_lookup("0123456789").unwrap().len(), 1);

    // Another environment keeps its own journal: Demo payments never show there.
    let staging = Session::open(SessionConfig::new(Environment::Staging, paths)).unwrap();
    assert!(staging.history(&Default::default()).unwrap().is_empty());
    assert!(
        staging.resume_unfinished().await.unwrap().is_empty(),
        "offline, nothing open"
    );
}
