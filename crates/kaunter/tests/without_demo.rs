//! A core built without the `demo` feature (`cargo test -p kaunter --no-default-features`)
//! refuses Demo plainly, and still opens its journal.
#![cfg(not(feature = "demo"))]

use kaunter::paths::Paths;
use kaunter::session::{Session, SessionConfig};
use kaunter::{Environment, Error};

#[tokio::test]
async fn demo_is_refused_by_name_and_the_journal_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(SessionConfig::new(
        Environment::Demo,
        Paths::under(dir.path()),
    ))
    .unwrap();
    assert!(matches!(
        session.balance().await,
        Err(Error::DemoUnavailable)
    ));
    assert!(session.history(&Default::default()).unwrap().is_empty());
}
