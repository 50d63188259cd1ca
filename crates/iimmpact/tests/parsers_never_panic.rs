//! No reply can make the client panic: random bytes and random JSON fed to every
//! reply model and to the error classifier only ever give a value or an error.

use iimmpact::models::{
    Balance, BillPresentmentReply, Catalog, DataEnvelope, DisputeReply, NetworkStatusReply,
    OptionsPage, Product, StatementPage, SubproductsReply, TopupReply, TransactionsPage,
};
use iimmpact::Error;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Field names the models read, so random objects reach their field readers.
const KEYS: &[&str] = &[
    "data",
    "meta",
    "metadata",
    "@metadata",
    "links",
    "statusCode",
    "status",
    "status_code",
    "amount",
    "balance",
    "cost",
    "expiry",
    "timestamp",
    "date",
    "response_date",
    "pin",
    "sn",
    "account",
    "refid",
    "product",
    "productName",
    "id",
    "type",
    "total",
    "limit",
    "offset",
    "current_page",
    "last_page",
    "per_page",
    "from",
    "to",
    "access",
    "level",
    "name",
    "code",
    "message",
    "error",
    "field",
    "Outstanding",
    "DueDate",
    "products",
    "categories",
    "options",
    "price",
    "denominations",
    "transaction_validity",
    "last_updated",
    "trxid",
    "next",
    "prev",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        "[0-9]{1,14}".prop_map(Value::from),
        Just(Value::from("2025-05-20 13:09:34")),
        Just(Value::from("20251116")),
        Just(Value::from("1e400")),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|fields| {
                Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn read<T: DeserializeOwned>(bytes: &[u8]) {
    let _ = serde_json::from_slice::<T>(bytes);
    let _ = serde_json::from_slice::<DataEnvelope<T>>(bytes);
}

fn read_all(bytes: &[u8]) {
    read::<Balance>(bytes);
    read::<Vec<Product>>(bytes);
    read::<Catalog>(bytes);
    read::<OptionsPage>(bytes);
    read::<SubproductsReply>(bytes);
    read::<NetworkStatusReply>(bytes);
    read::<BillPresentmentReply>(bytes);
    read::<TopupReply>(bytes);
    read::<TransactionsPage>(bytes);
    read::<StatementPage>(bytes);
    read::<DisputeReply>(bytes);
    let text = String::from_utf8_lossy(bytes);
    for status in [400, 401, 403, 404, 500, 503, 504] {
        let _ = Error::from_reply(status, &text, Some(-3600)).to_string();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_all(&bytes);
    }

    #[test]
    fn random_json(value in json()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        read_all(&bytes);
        // And each value as the `data` of an envelope, as most replies are.
        read_all(&serde_json::to_vec(&serde_json::json!({ "data": value })).unwrap());
    }
}
