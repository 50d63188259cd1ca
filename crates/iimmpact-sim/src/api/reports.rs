//! Reconciliation: the paged balance statement and the transaction history.

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use chrono::{Duration, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::topup::history_refid;
use super::Params;
use crate::error::ApiError;
use crate::ledger::EntryKind;
use crate::money;
use crate::payments::code;
use crate::products::Product;
use crate::state::{lock, Sim};
use crate::time;

/// The page size when `limit` is absent (Laravel's paginator default).
const DEFAULT_PAGE_SIZE: usize = 15;

pub(super) async fn statement(
    State(sim): State<Arc<Sim>>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let range = params.date_range()?;
    let kind = params
        .get("type")
        .map(|word| {
            EntryKind::from_filter_word(word).ok_or_else(|| {
                ApiError::invalid(
                    "type",
                    "The type must be DEPOSIT, TRANSACTION, REFUND or COMMISSION",
                )
            })
        })
        .transpose()?;
    let per_page = params
        .count("limit")?
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(sim.cfg.max_page_size.max(1) as usize);
    let page = params.count("page")?.unwrap_or(1);

    let result = lock(&sim.book)
        .settled()
        .ledger
        .statement(range, kind, page, per_page);
    let last_page = result.total.div_ceil(per_page).max(1);
    let link = |n: usize| format!("/balance-statement?page={n}");
    let from = page.saturating_sub(1).saturating_mul(per_page) + 1;
    let rows: Vec<Value> = result
        .rows
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "date": e.date.format(time::MILLIS).to_string(),
                "amount": money::number(e.amount),
                "balance": money::number(e.balance),
                "remarks": e.remarks,
                "type": e.kind.code(),
            })
        })
        .collect();
    let (first_row, last_row) = if rows.is_empty() {
        (Value::Null, Value::Null)
    } else {
        (json!(from), json!(from + rows.len() - 1))
    };
    Ok(Json(json!({
        "data": rows,
        "links": {
            "first": link(1),
            "last": link(last_page),
            "prev": (page > 1).then(|| link(page - 1)),
            "next": (page < last_page).then(|| link(page + 1)),
        },
        "meta": {
            "current_page": page,
            "from": first_row,
            "last_page": last_page,
            "path": "/balance-statement",
            "per_page": per_page,
            "to": last_row,
            "total": result.total,
        },
    })))
}

/// The `status` filter words and the text each status family carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Successful,
    Pending,
    Failed,
    Refund,
}

impl Family {
    fn of(status: u16) -> Self {
        match status {
            code::ACCEPTED | code::PROCESSING => Self::Pending,
            code::SUCCESSFUL => Self::Successful,
            code::REFUND => Self::Refund,
            _ => Self::Failed,
        }
    }

    fn parse(word: &str) -> Option<Self> {
        match word.to_ascii_uppercase().as_str() {
            "SUCCESSFUL" => Some(Self::Successful),
            "PENDING" => Some(Self::Pending),
            "FAILED" => Some(Self::Failed),
            "REFUND" => Some(Self::Refund),
            _ => None,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Self::Successful => "Successful",
            Self::Pending => "Pending",
            Self::Failed => "Failed",
            Self::Refund => "Refund",
        }
    }
}

/// One transaction as the history lists it.
struct Row<'a> {
    trxid: u64,
    refid: Cow<'a, str>,
    date: NaiveDateTime,
    product_code: &'a str,
    product: Option<&'static Product>,
    amount: Decimal,
    price: Decimal,
    account: Cow<'a, str>,
    status: u16,
    serial: Cow<'a, str>,
    /// As the merchant sent it with the payment; the seeded history has none.
    remarks: &'a str,
}

impl Row<'_> {
    fn to_json(&self) -> Value {
        let family = Family::of(self.status);
        let response_date = self.date + Duration::milliseconds(400 + (self.trxid % 2_600) as i64);
        json!({
            "trxid": self.trxid.to_string(),
            "refid": self.refid,
            "date": self.date.format(time::MILLIS).to_string(),
            "response_date": response_date.format(time::MILLIS).to_string(),
            "product_code": self.product_code,
            "product_name": self.product.map_or("", |p| p.name),
            "biller_code": Value::Null,
            "product_image_url": self.product.map(Product::image_url).unwrap_or_default(),
            "category": self.product.map_or("", |p| p.shelf.list_words().1),
            "amount": money::text(self.amount),
            "price": money::text(self.price),
            "account": self.account,
            "sender": "127.0.0.1",
            "member_id": "3100528",
            "status_code": self.status.to_string(),
            "status": family.text(),
            "sn": self.serial,
            "remarks": self.remarks,
        })
    }
}

pub(super) async fn transactions(
    State(sim): State<Arc<Sim>>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let range = params.date_range()?;
    let limit = params
        .count("limit")?
        .ok_or(ApiError::missing("limit"))?
        .min(sim.cfg.max_page_size.max(1) as usize);
    let offset = match params.get("offset") {
        None => 0,
        Some(v) => v.parse::<usize>().map_err(|_| {
            ApiError::invalid("offset", "The offset must be a whole number, 0 or more")
        })?,
    };
    let statuses = params
        .all("status")
        .map(|w| {
            Family::parse(w).ok_or_else(|| {
                ApiError::invalid(
                    "status",
                    "The status must be SUCCESSFUL, PENDING, FAILED or REFUND",
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let wanted = |status: u16| statuses.is_empty() || statuses.contains(&Family::of(status));
    let (account, product) = (params.get("account"), params.get("product"));

    let mut book = lock(&sim.book);
    let book = book.settled();
    let history = book.ledger.history();
    let (start, end) = range.bounds();
    let (lo, hi) = (
        history.first_at_or_after(start),
        history.first_at_or_after(end),
    );
    let all = history.positions(EntryKind::Transaction);
    let in_range = &all
        [all.partition_point(|&p| (p as usize) < lo)..all.partition_point(|&p| (p as usize) < hi)];
    // The seeded transactions all succeeded; filtering by account or product needs a scan.
    let seeded: Cow<[u32]> = if !wanted(code::SUCCESSFUL) {
        Cow::Borrowed(&[])
    } else if account.is_none() && product.is_none() {
        Cow::Borrowed(in_range)
    } else {
        Cow::Owned(
            in_range
                .iter()
                .copied()
                .filter(|&p| {
                    let s = history.spend(p as usize);
                    account.is_none_or(|a| s.account == a)
                        && product.is_none_or(|c| s.product.code == c)
                })
                .collect(),
        )
    };
    let live: Vec<_> = book
        .payments
        .all()
        .iter()
        .filter(|p| {
            range.contains(p.created)
                && wanted(p.status())
                && account.is_none_or(|a| p.request.account == a)
                && product.is_none_or(|c| p.request.product == c)
        })
        .collect();

    let seeded_rows = seeded.iter().skip(offset).take(limit).map(|&p| {
        let index = p as usize;
        let s = history.spend(index);
        Row {
            trxid: s.trxid,
            refid: Cow::Owned(history_refid(s.trxid)),
            date: history.date(index),
            product_code: s.product.code,
            product: Some(s.product),
            amount: s.face,
            price: s.cost,
            account: Cow::Owned(s.account),
            status: code::SUCCESSFUL,
            serial: Cow::Owned(history.serial(index)),
            remarks: "",
        }
        .to_json()
    });
    let live_rows = live
        .iter()
        .skip(offset.saturating_sub(seeded.len()))
        .map(|p| {
            Row {
                trxid: p.trxid,
                refid: Cow::Borrowed(&p.request.refid),
                date: p.created,
                product_code: &p.request.product,
                product: p.product,
                amount: p.request.amount,
                price: p.cost,
                account: Cow::Borrowed(&p.request.account),
                status: p.status(),
                serial: Cow::Borrowed(&p.serial),
                remarks: &p.request.remarks,
            }
            .to_json()
        });
    let data: Vec<Value> = seeded_rows.chain(live_rows).take(limit).collect();
    Ok(Json(json!({
        "data": data,
        "meta": {"offset": offset, "limit": limit, "total": seeded.len() + live.len()},
    })))
}
