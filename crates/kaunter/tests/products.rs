//! Products with choices and extras, each family paid through the core against the
//! simulator: what reached it (one charge, the extras received), and what never left.

mod common;

use common::{counter, patient, quick, topups, Counter};
use kaunter::counter::{ExtraName, Extras, PaymentRequest};
use kaunter::journal::PaymentState;
use kaunter::{Error, Problem};
use rust_decimal::Decimal;

fn order(
    product: &str,
    account: &str,
    amount: &str,
    extras: &[(ExtraName, &str)],
) -> PaymentRequest {
    let mut all = Extras::default();
    for (name, value) in extras {
        name.set(&mut all, value);
    }
    PaymentRequest {
        product: product.into(),
        account: account.into(),
        amount: amount.into(),
        extras: all,
        ..PaymentRequest::default()
    }
}

fn refusal(error: Error) -> (String, Problem) {
    match error {
        Error::Invalid { field, problem } => (field, problem),
        other => panic!("not an input error: {other:?}"),
    }
}

async fn quick_counter() -> Counter {
    counter(quick(), patient()).await
}

#[tokio::test]
async fn a_data_plan_chosen_from_the_numbers_options_is_charged_once_at_its_price() {
    let c = quick_counter().await;
    let plans = c
        .kaunter
        .options("HI", None, Some("012-345 6788"))
        .await
        .unwrap();
    let loyalty = plans
        .iter()
        .find(|p| p.code == "HI_LOYAL20")
        .expect("a number ending in an even digit has the loyalty plan");
    assert_eq!(loyalty.price, Some(Decimal::from(20)));
    assert_eq!(loyalty.validity.as_deref(), Some("30 days"));
    let other = c
        .kaunter
        .options("HI", None, Some("0123456789"))
        .await
        .unwrap();
    assert!(
        other.iter().all(|p| p.code != "HI_LOYAL20"),
        "plans are per number"
    );

    let plan = order(
        "HI",
        "012-345 6788",
        "",
        &[(ExtraName::SubproductCode, &loyalty.code)],
    );
    let paid = c.kaunter.pay(&plan).await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    assert_eq!(
        paid.amount.value(),
        Decimal::from(20),
        "the plan's price set the amount"
    );
    let refid = paid.refid.as_str();
    assert_eq!(c.sim.charges(refid), 1);
    let received = c.sim.extras(refid).unwrap();
    assert_eq!(
        received.get("subproduct_code").map(String::as_str),
        Some("HI_LOYAL20")
    );
    assert_eq!(received.len(), 1);
}

#[tokio::test]
async fn a_plan_at_another_price_or_not_offered_to_the_number_sends_no_payment() {
    let c = quick_counter().await;
    let wrong_price = order(
        "HI",
        "0123456788",
        "30",
        &[(ExtraName::SubproductCode, "HI_LOYAL20")],
    );
    assert!(matches!(
        refusal(c.kaunter.pay(&wrong_price).await.unwrap_err()),
        (field, Problem::NotADenomination { .. }) if field == "amount"
    ));
    let not_offered = order(
        "HI",
        "0123456789",
        "",
        &[(ExtraName::SubproductCode, "HI_LOYAL20")],
    );
    assert_eq!(
        refusal(c.kaunter.pay(&not_offered).await.unwrap_err()),
        ("subproduct_code".into(), Problem::NotOffered)
    );
    assert_eq!(topups(&c.sim), 0);
    assert!(c.kaunter.history(&Default::default()).unwrap().is_empty());
}

#[tokio::test]
async fn a_jompay_bill_goes_out_with_its_ref2_and_the_payers_ic_without_dashes() {
    let c = quick_counter().await;
    let bill = order(
        "JOMPAY",
        "INV20261101",
        "150.00",
        &[
            (ExtraName::BillerCode, "5454"),
            (ExtraName::Ref2, "UNIT 7-3"),
            (ExtraName::IcNumber, "900101-14-5678"),
        ],
    );
    let paid = c.kaunter.pay(&bill).await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    let refid = paid.refid.as_str();
    assert_eq!(c.sim.charges(refid), 1);
    let received = c.sim.extras(refid).unwrap();
    let got = |k: &str| received.get(k).map(String::as_str);
    assert_eq!(got("ic_number"), Some("900101145678"));
    assert_eq!(got("biller_code"), Some("5454"));
    assert_eq!(got("ref2"), Some("UNIT 7-3"));
}

#[tokio::test]
async fn a_jompay_bill_without_the_payers_ic_is_refused_before_anything_is_sent() {
    let c = quick_counter().await;
    let bill = order(
        "JOMPAY",
        "INV20261101",
        "150.00",
        &[(ExtraName::BillerCode, "5454")],
    );
    assert_eq!(
        refusal(c.kaunter.pay(&bill).await.unwrap_err()),
        ("ic_number".into(), Problem::Required)
    );
    let malformed = order(
        "JOMPAY",
        "INV20261101",
        "150.00",
        &[
            (ExtraName::BillerCode, "5454"),
            (ExtraName::IcNumber, "9001-01"),
        ],
    );
    assert_eq!(
        refusal(c.kaunter.pay(&malformed).await.unwrap_err()),
        ("ic_number".into(), Problem::NotAnIcNumber)
    );
    assert_eq!(
        c.sim.stats().total_requests,
        0,
        "no request at all reached IIMMPACT"
    );
    assert!(
        c.kaunter.history(&Default::default()).unwrap().is_empty(),
        "nothing journalled"
    );
}

#[tokio::test]
async fn a_jompay_amount_outside_the_billers_limits_is_refused_naming_the_amount() {
    let c = quick_counter().await;
    let bill = order(
        "JOMPAY",
        "INV1",
        "2500",
        &[
            (ExtraName::BillerCode, "9001"),
            (ExtraName::IcNumber, "900101145678"),
        ],
    );
    assert!(matches!(
        refusal(c.kaunter.pay(&bill).await.unwrap_err()),
        (field, Problem::OutOfRange { .. }) if field == "amount"
    ));
    assert_eq!(topups(&c.sim), 0);
}

#[tokio::test]
async fn ptptn_and_sspn_take_an_account_type_and_the_recipients_ic() {
    let c = quick_counter().await;
    let types = c
        .kaunter
        .options("SSPN", None, Some("22041116"))
        .await
        .unwrap();
    let codes: Vec<&str> = types.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["PRIME", "PLUS"]);
    let loan = order(
        "PTPTN",
        "22041116",
        "100",
        &[
            (ExtraName::SubproductCode, "K"),
            (ExtraName::IcNumber, "900101 14 5678"),
        ],
    );
    let paid = c.kaunter.pay(&loan).await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    let received = c.sim.extras(paid.refid.as_str()).unwrap();
    assert_eq!(
        received.get("subproduct_code").map(String::as_str),
        Some("K")
    );
    assert_eq!(
        received.get("ic_number").map(String::as_str),
        Some("900101145678")
    );
    assert_eq!(
        refusal(c.kaunter.options("PTPTN", None, None).await.unwrap_err()),
        ("account".into(), Problem::Required),
        "account types depend on the account"
    );
}

#[tokio::test]
async fn a_voucher_comes_back_with_its_pin_expiry_and_link() {
    let c = quick_counter().await;
    let paid = c
        .kaunter
        .pay(&order("GC", "0123456789", "10", &[]))
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    let pin = paid.pin.as_ref().expect("the voucher's PIN");
    assert_eq!(pin.expose().len(), 10);
    assert!(paid.expiry.is_some());
    assert!(paid.voucherlink.is_some());
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
    let extra = order(
        "GC",
        "0123456789",
        "10",
        &[(ExtraName::IcNumber, "900101145678")],
    );
    assert_eq!(
        refusal(c.kaunter.pay(&extra).await.unwrap_err()),
        ("ic_number".into(), Problem::NotForThisProduct),
        "an extra the voucher has no use for is not sent"
    );
}
