//! The payment flow against the simulator over real loopback HTTP, with a real journal.

mod common;

use std::time::Duration;

use common::{counter, patient, quick, reload, topups};
use iimmpact_sim::{Fault, FaultKind, SimConfig};
use kaunter::counter::PaymentRequest;
use kaunter::journal::PaymentState;
use kaunter::payments::Polling;
use kaunter::ErrorKind;

#[tokio::test]
async fn a_payment_succeeds_once_and_is_journalled_with_its_reply() {
    let c = counter(quick(), patient()).await;
    let before = c.sim.ledger().balance;
    let paid = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded);
    assert_eq!(paid.status_code, Some(20));
    assert!(paid.sn.is_some());
    assert!(paid.attempts >= 2, "accepted first, then re-checked");
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
    let cost = paid.cost.unwrap();
    assert_eq!(before - c.sim.ledger().balance, cost);
    assert_eq!(paid.balance_after, Some(c.sim.ledger().balance));
    let receipt = c.kaunter.receipt(paid.refid.as_str()).await.unwrap();
    assert_eq!(receipt.state, PaymentState::Succeeded);
    assert_eq!(
        receipt.value(kaunter::counter::ReceiptField::Serial),
        paid.sn.as_deref()
    );
}

#[tokio::test]
async fn each_failure_code_fails_the_payment_and_returns_the_money() {
    let c = counter(quick(), patient()).await;
    let before = c.sim.ledger().balance;
    for (account, code) in [
        ("60123450052", 52),
        ("60123450041", 41),
        ("60123450043", 43),
        ("60123450045", 45),
        ("60123450047", 47),
        ("60123450048", 48),
        ("60123450464", 54),
        ("60123450055", 55),
        ("60123450056", 56),
        ("60123450057", 57),
        ("60123450861", 58),
    ] {
        let paid = c.kaunter.pay(&reload(account, "10")).await.unwrap();
        assert_eq!(paid.state, PaymentState::Failed, "{account}");
        assert_eq!(paid.status_code, Some(code), "{account}");
        assert!(paid.reason.is_some(), "{account}");
        assert_eq!(c.sim.charges(paid.refid.as_str()), 0, "{account}");
    }
    assert_eq!(c.sim.ledger().balance, before);
}

#[tokio::test]
async fn a_pending_payment_is_left_open_then_resolved_by_a_recheck() {
    let slow = SimConfig {
        processing_delay: Duration::from_millis(800),
        ..quick()
    };
    let impatient = Polling {
        deadline: Duration::ZERO,
        ..patient()
    };
    let c = counter(slow, impatient).await;
    let paid = c.kaunter.pay(&reload("0123456789", "5")).await.unwrap();
    assert_eq!(paid.state, PaymentState::Pending);
    assert_eq!(paid.status_text.as_deref(), Some("Accepted"));

    tokio::time::sleep(Duration::from_millis(900)).await;
    let settled = c.kaunter.payment_status(paid.refid.as_str()).await.unwrap();
    assert_eq!(settled.state, PaymentState::Succeeded);
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
}

#[tokio::test]
async fn unclear_outcomes_are_resolved_by_the_same_refid_with_one_charge() {
    for fault in [
        FaultKind::DropAfterCommit,
        FaultKind::Status(504),
        FaultKind::Status(500),
        FaultKind::Status(503),
    ] {
        let c = counter(quick(), patient()).await;
        let before = c.sim.ledger().balance;
        c.sim.inject(Fault::new("/v2/topup", 1, fault));
        let paid = c.kaunter.pay(&reload("0123456789", "30")).await.unwrap();
        assert_eq!(paid.state, PaymentState::Succeeded, "{fault:?}");
        assert_eq!(c.sim.charges(paid.refid.as_str()), 1, "{fault:?}");
        assert_eq!(
            before - c.sim.ledger().balance,
            paid.cost.unwrap(),
            "{fault:?}: nothing else was charged"
        );
        let history = c.kaunter.history(&Default::default()).unwrap();
        assert_eq!(history.len(), 1, "{fault:?}: never a second refid");
    }
}

#[tokio::test]
async fn an_unclear_payment_stays_open_until_a_recheck_gets_through() {
    let c = counter(
        quick(),
        Polling {
            deadline: Duration::ZERO,
            ..patient()
        },
    )
    .await;
    c.sim
        .inject(Fault::new("/v2/topup", 1, FaultKind::DropAfterCommit));
    let lost = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    assert_eq!(lost.state, PaymentState::Unknown);
    assert!(lost.last_error.is_some());
    assert_eq!(
        c.sim.charges(lost.refid.as_str()),
        1,
        "committed before the drop"
    );

    let resumed = c.kaunter.resume_unfinished().await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(resumed[0].refid, lost.refid);
    assert_ne!(
        resumed[0].state,
        PaymentState::Unknown,
        "the re-send got a reply"
    );
    assert_eq!(c.sim.charges(lost.refid.as_str()), 1);
}

#[tokio::test]
async fn a_4xx_refusal_fails_the_payment_without_a_charge() {
    let read_only = SimConfig {
        access_level: 50,
        ..quick()
    };
    let c = counter(read_only, patient()).await;
    // Journalled before it was sent, so the cashier is shown the payment, not an error.
    let refused = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    assert_eq!(refused.state, PaymentState::Failed);
    assert!(refused.last_error.is_some());
    // The refusal's facts come with this call's outcome, for the faces to word; the
    // journal keeps its text.
    let facts = refused.refusal.clone().expect("the refusal's facts");
    assert_eq!(
        (facts.kind, facts.code.as_deref(), facts.credentials),
        (ErrorKind::Refused, Some("read_only"), None)
    );
    let history = c.kaunter.history(&Default::default()).unwrap();
    let journalled = kaunter::journal::PaymentRecord {
        refusal: None,
        ..refused.clone()
    };
    assert_eq!(history, [journalled]);
    assert_eq!(c.sim.charges(refused.refid.as_str()), 0);
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_nothing_is_sent() {
    let c = counter(quick(), patient()).await;
    c.kaunter.products().await.unwrap();
    let cases = [
        (reload("", "10"), "account"),
        (reload("0123456789", "ten"), "amount"),
        (reload("0123456789", "-5"), "amount"),
        (reload("0123456789", "7"), "amount"),
        (
            PaymentRequest {
                product: "NO SUCH".into(),
                ..reload("0123456789", "10")
            },
            "product",
        ),
    ];
    for (bad, field) in cases {
        let err = c.kaunter.pay(&bad).await.unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some(field), "{bad:?}");
    }
    assert_eq!(topups(&c.sim), 0);
    assert!(c.kaunter.history(&Default::default()).unwrap().is_empty());
}

#[tokio::test]
async fn paying_the_same_again_asks_first_and_a_refid_is_never_reused() {
    let c = counter(quick(), patient()).await;
    let first = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    let err = c
        .kaunter
        .pay(&reload("0123456789", "10"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert!(err.to_string().contains(first.refid.as_str()));

    let again = PaymentRequest {
        confirm_duplicate: true,
        ..reload("0123456789", "10")
    };
    let second = c.kaunter.pay(&again).await.unwrap();
    assert_ne!(second.refid, first.refid);
    assert_eq!(second.state, PaymentState::Succeeded);

    let reuse = PaymentRequest {
        refid: Some(first.refid.to_string()),
        ..reload("0199999999", "5")
    };
    let err = c.kaunter.pay(&reuse).await.unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("refid"));

    // The same payment under its own refid is a re-check, not a second payment.
    let same = PaymentRequest {
        refid: Some(first.refid.to_string()),
        ..again
    };
    let rechecked = c.kaunter.pay(&same).await.unwrap();
    assert_eq!(rechecked.refid, first.refid);
    assert_eq!(c.sim.charges(first.refid.as_str()), 1);
    assert_eq!(c.kaunter.history(&Default::default()).unwrap().len(), 2);
}
