//! Bill presentment: account validation and bill details, only those the biller returns.
//!
//! The demo accounts (see the crate docs) pick each documented answer:
//! an account that breaks the account rule is `Invalid account no`; one ending `503`
//! is `Service unavailable…`; one ending `999` is valid but `transaction_validity`
//! `"false"`; any other valid account gets a bill derived from its digits.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use chrono::Duration;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::Params;
use crate::error::ApiError;
use crate::money;
use crate::products;
use crate::state::Sim;
use crate::time;

pub(crate) const VALID: &str = "Account no is valid";
pub(crate) const INVALID: &str = "Invalid account no";
pub(crate) const UNAVAILABLE_FOR_PRODUCT: &str = "Bill presentment is unavailable for this product";
pub(crate) const SERVICE_UNAVAILABLE: &str = "Service unavailable. Please try again later";

const NAMES: &[&str] = &[
    "AHMAD FAIZAL BIN ABDULLAH",
    "SITI AMINAH BINTI YUSOF",
    "TAN AH KOW",
    "MUTHU A/L RAMASAMY",
    "LIM MEI LING",
    "NUR AISYAH BINTI OMAR",
    "WONG KAM FAI",
    "RAJESH A/L KUMAR",
];

/// FNV-1a of the account with the run's seed: the same account always gets the same bill.
fn digest(seed: u64, account: &str) -> u64 {
    account.bytes().fold(0xcbf2_9ce4_8422_2325 ^ seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(super) async fn presentment(
    State(sim): State<Arc<Sim>>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let account = params.required("account")?;
    let code = params.required("product")?;
    let product = products::find(code)
        .ok_or_else(|| ApiError::invalid("product", format!("Unknown product code {code:?}")))?;

    let mut data = Map::new();
    match product.presentment {
        None => {
            data.insert("message".into(), UNAVAILABLE_FOR_PRODUCT.into());
        }
        Some(_) if !products::account_is_valid(account) => {
            data.insert("message".into(), INVALID.into());
            data.insert("error_message".into(), INVALID.into());
        }
        Some(_) if account.ends_with("503") => {
            data.insert("message".into(), SERVICE_UNAVAILABLE.into());
        }
        Some(shows) => {
            data.insert("message".into(), VALID.into());
            let h = digest(sim.cfg.seed, account);
            if shows.customer_name {
                data.insert(
                    "CustomerName".into(),
                    NAMES[(h % NAMES.len() as u64) as usize].into(),
                );
            }
            if shows.outstanding {
                let outstanding = Decimal::new(((h >> 8) % 50_000) as i64, 2);
                data.insert("Outstanding".into(), money::number(outstanding));
            }
            if shows.due_date {
                let due = time::today_gmt8() + Duration::days(((h >> 24) % 28 + 1) as i64);
                data.insert(
                    "DueDate".into(),
                    due.format(time::DUE_DATE).to_string().into(),
                );
            }
            let (validity, message) = if account.ends_with("999") {
                (
                    "false",
                    format!("{} Maximum count per acc/month exceeded", product.code),
                )
            } else {
                ("true", String::new())
            };
            data.insert("transaction_validity".into(), validity.into());
            data.insert("transaction_message".into(), message.into());
        }
    }
    Ok(Json(json!({
        "data": data,
        "metadata": {
            "status_code": 200,
            "product_code": product.code,
            "last_updated": time::now_gmt8().format(time::METADATA).to_string(),
        },
    })))
}
