//! What can be bought: product list, catalog tree, options, subproducts, network status.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::Params;
use crate::choices::{self, Choice};
use crate::error::ApiError;
use crate::money;
use crate::products::{self, Family, Product, Shelf, ALWAYS_INTERRUPTED, MAX_BILL, PRODUCTS};
use crate::state::{lock, Sim};
use crate::time;

/// When the simulated catalog last changed (ISO-8601 UTC, as the catalog dates itself).
const CATALOG_UPDATED: &str = "2025-01-07T00:00:00Z";

fn known(params: &Params, field: &'static str) -> Result<&'static Product, ApiError> {
    let code = params.required(field)?;
    products::find(code)
        .ok_or_else(|| ApiError::invalid(field, format!("Unknown product code {code:?}")))
}

pub(super) async fn product_list() -> Json<Value> {
    let items: Vec<Value> = PRODUCTS
        .iter()
        .map(|p| {
            let (group, category) = p.shelf.list_words();
            json!({
                "status": "Active",
                "has_subproduct": p.family != Family::Plain,
                "product_code": p.code,
                "product_name": p.name,
                "product_remarks": if p.voucher { "The voucher code is sent with the payment result" } else { "" },
                "account_label": p.account_type.label(),
                "keyboard_type": p.account_type.keyboard(),
                "denomination": p.denominations_text(),
                "common_denominations": p.common_denominations_text(),
                "denomination_data_type": if p.denominations.is_empty() { "Decimal" } else { "Integer" },
                "denomination_currency": "MYR",
                "product_group": group,
                "category": category,
                "image_url": p.image_url(),
                "account_type": p.account_type.wire(),
                "is_refundable": !p.voucher,
            })
        })
        .collect();
    Json(json!({ "data": items }))
}

/// The choices `product` offers, or 400 naming `account_number` when they depend on
/// an account that is missing or cannot have any.
fn listed(product: &Product, params: &Params) -> Result<Vec<Choice>, ApiError> {
    let account = params.get("account_number").filter(|a| !a.is_empty());
    if choices::per_account(product.family) && account.is_none() {
        return Err(ApiError::missing("account_number"));
    }
    choices::choices(product, account).ok_or_else(|| {
        ApiError::invalid(
            "account_number",
            format!("No {} choices for this account number", product.name),
        )
    })
}

/// The legacy shape of the same choices (`../shared/iimmpact-api.md` §3.3).
pub(super) async fn subproducts(params: Params) -> Result<Json<Value>, ApiError> {
    let product = known(&params, "product_code")?;
    let account = params.get("account_number").map(str::to_owned);
    let data: Vec<Value> = listed(product, &params)?
        .iter()
        .map(|c| {
            let price = c.price.map(money::number);
            json!({
                "subproduct_code": c.code,
                "display_name": c.label,
                "denomination": price,
                "face_value": price,
                "validity": c.validity,
                "description": c.label,
                "account_number": account,
                "additional_description": null,
                "min": c.limits.map(|(min, _)| min.to_string()),
                "max": c.limits.map(|(_, max)| max.to_string()),
            })
        })
        .collect();
    Ok(Json(json!({"message": "success", "data": data})))
}

fn catalog_product(p: &Product) -> Value {
    let amount_field = if p.denominations.is_empty() {
        json!({
            "id": "amount", "label": "Amount", "type": "amount", "role": "pricing", "required": true,
            "min_amount": money::object(Decimal::ONE),
            "max_amount": money::object(Decimal::from(MAX_BILL)),
        })
    } else {
        json!({
            "id": "amount", "label": "Amount", "type": "select", "role": "pricing", "required": true,
            "data_source": {
                "endpoint": "/v2/options",
                "params": {
                    "product_code": {"static": p.code},
                    "field_id": {"static": "amount"},
                },
            },
        })
    };
    let denominations: Vec<Value> = p
        .denominations
        .iter()
        .map(|&d| money::object(Decimal::from(d)))
        .collect();
    let mut fields = vec![json!({
        "id": "account", "label": p.account_type.label(), "type": "text", "required": true,
        "account_type": p.account_type.wire(), "keyboard_type": p.account_type.keyboard(),
    })];
    let mut extras = Map::new();
    if let Some(field) = choices::field(p.family) {
        let mut params = json!({
            "product_code": {"static": p.code},
            "field_id": {"static": field},
        });
        if choices::per_account(p.family) {
            params["account_number"] = json!({"field": "account"});
        }
        fields.push(json!({
            "id": field, "label": choice_label(p.family), "type": "select", "required": true,
            "data_source": {"endpoint": "/v2/options", "params": params},
        }));
        let key = if p.family == Family::JomPay {
            "biller_code"
        } else {
            "subproduct_code"
        };
        extras.insert(key.into(), format!("{{{{{field}}}}}").into());
    }
    if p.family == Family::JomPay {
        fields.push(json!({"id": "ref2", "label": "Ref-2", "type": "text", "required": false, "max_length": 30}));
        extras.insert("ref2".into(), "{{ref2}}".into());
    }
    if matches!(p.family, Family::JomPay | Family::Education) {
        fields.push(
            json!({"id": "ic_number", "label": "IC Number", "type": "text", "required": true}),
        );
        extras.insert("ic_number".into(), "{{ic_number}}".into());
    }
    // A priced plan sets the amount; every other product asks for one.
    if p.family != Family::DataPlan {
        fields.push(amount_field);
    }
    let mut fulfillment =
        json!({"product": p.code, "account": "{{account}}", "amount": "{{amount}}"});
    if !extras.is_empty() {
        fulfillment["extras"] = Value::Object(extras);
    }
    json!({
        "code": p.code,
        "name": p.name,
        "product_type": if p.voucher { "voucher" } else { "standard" },
        "image_url": p.image_url(),
        "processing_time": "instant",
        "is_active": true,
        "account_type": p.account_type.wire(),
        "keyboard_type": p.account_type.keyboard(),
        "denominations": denominations,
        "bill_presentment": p.presentment.is_some(),
        "fields": fields,
        "fulfillment": fulfillment,
        "pricing": {
            "model": "percentage_discount",
            "discount_rate": money::number(Decimal::new(i64::from(p.discount_bp), 2)),
        },
    })
}

fn choice_label(family: Family) -> &'static str {
    match family {
        Family::DataPlan => "Plan",
        Family::JomPay => "Biller",
        Family::Education => "Account Type",
        Family::Plain => "Amount",
    }
}

pub(super) async fn catalog(params: Params) -> Result<Json<Value>, ApiError> {
    let only = match params.get("product_code") {
        Some(_) => Some(known(&params, "product_code")?.code),
        None => None,
    };
    let mut groups: Vec<Value> = Vec::new();
    for shelf in Shelf::ALL {
        let (group_id, group_name) = shelf.group();
        let (category_id, category_name) = shelf.category();
        let codes: Vec<&str> = PRODUCTS
            .iter()
            .filter(|p| p.shelf == shelf)
            .map(|p| p.code)
            .collect();
        let category = json!({"id": category_id, "name": category_name, "product_codes": codes});
        let existing = groups.iter_mut().find(|g| g["id"] == group_id);
        match existing {
            Some(group) => {
                if let Some(list) = group["categories"].as_array_mut() {
                    list.push(category);
                }
            }
            None => groups.push(json!({
                "id": group_id,
                "name": group_name,
                "icon_url": format!("https://cdn.iimmpact.com/icons/{}.png", group_name.to_ascii_lowercase()),
                "categories": [category],
            })),
        }
    }
    let products: Map<String, Value> = PRODUCTS
        .iter()
        .filter(|p| only.is_none_or(|code| p.code == code))
        .map(|p| (p.code.to_owned(), catalog_product(p)))
        .collect();
    Ok(Json(json!({
        "last_updated": CATALOG_UPDATED,
        "tree": {"groups": groups},
        "products": products,
    })))
}

pub(super) async fn options(params: Params) -> Result<Json<Value>, ApiError> {
    let product = known(&params, "product_code")?;
    let field = params.required("field_id")?;
    let all: Vec<Value> = if field == "amount" && !product.denominations.is_empty() {
        product
            .denominations
            .iter()
            .map(|&d| {
                let price = Decimal::from(d);
                json!({
                    "code": format!("{}{d}", product.code),
                    "label": format!("RM {d}"),
                    "description": format!("{} RM {d}", product.name),
                    "price": money::object(price),
                    "cost": money::object(product.cost(price)),
                })
            })
            .collect()
    } else if choices::field(product.family) == Some(field) {
        let biller = params.get("biller_code").filter(|b| !b.is_empty());
        listed(product, &params)?
            .iter()
            .filter(|c| biller.is_none_or(|b| c.code == b))
            .map(|c| option_item(product, c))
            .collect()
    } else {
        return Err(ApiError::invalid(
            "field_id",
            format!(
                "Product {} has no options for field {field:?}",
                product.code
            ),
        ));
    };
    let per_page = params
        .count("limit")?
        .or(params.count("per_page")?)
        .unwrap_or(100)
        .min(1_000);
    let page = params.count("page")?.unwrap_or(1);
    let items: Vec<&Value> = all
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    Ok(Json(json!({
        "product_code": product.code,
        "field_id": field,
        "items": items,
        "meta": {
            "current_page": page,
            "last_page": all.len().div_ceil(per_page).max(1),
            "per_page": per_page,
            "total": all.len(),
        },
    })))
}

/// A choice in the options shape: a priced plan with its price and cost, an open one
/// with its least and most amounts.
fn option_item(product: &Product, c: &Choice) -> Value {
    let mut item = json!({"code": c.code, "label": c.label, "description": c.label});
    if let Some(price) = c.price {
        item["price"] = money::object(price);
        item["cost"] = money::object(product.cost(price));
    }
    if let Some((min, max)) = c.limits {
        item["min_amount"] = money::object(min);
        item["max_amount"] = money::object(max);
    }
    if let Some(validity) = c.validity {
        item["validity"] = validity.into();
    }
    item
}

pub(super) async fn network_status(
    State(sim): State<Arc<Sim>>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let product = known(&params, "product")?;
    let healthy = product.code != ALWAYS_INTERRUPTED
        && lock(&sim.network)
            .get(product.code)
            .copied()
            .unwrap_or(true);
    Ok(Json(json!({
        "data": {
            "product_code": product.code,
            "product_name": product.name,
            "product_img": product.image_url(),
            "network_status": if healthy { "Healthy" } else { "Interruption" },
        },
        "metadata": {
            "status_code": 200,
            "last_updated": time::now_gmt8().format(time::METADATA).to_string(),
        },
    })))
}
