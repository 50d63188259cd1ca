//! Payments: the `/v2/topup` state machine over the ledger, keyed by refid.
//!
//! A payment is debited when it is accepted and stays pending for the processing delay;
//! it then either succeeds or fails and is refunded. Failures the server can see at once
//! (unknown product, bad amount or account, no money) are final on the first answer and
//! cost nothing. A refid is unique forever: the same refid always answers the one payment
//! it first named, whatever else the request says.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::choices::{self, Refusal};
use crate::history::FIRST_TRXID;
use crate::ledger::{EntryKind, Ledger};
use crate::products::{self, Product};

pub(crate) mod code {
    pub const ACCEPTED: u16 = 0;
    pub const PROCESSING: u16 = 1;
    pub const SUCCESSFUL: u16 = 20;
    pub const INVALID_ACCOUNT: u16 = 40;
    pub const INSUFFICIENT_CREDIT: u16 = 43;
    pub const INVALID_PRODUCT: u16 = 44;
    pub const REFUND: u16 = 53;
    pub const INVALID_DENOMINATION: u16 = 58;
}

/// The staging test accounts of `../shared/iimmpact-api.md` §4.2 and the failure each forces.
const TEST_ACCOUNTS: &[(&str, u16)] = &[
    ("60123450052", 52),
    ("60123450041", 41),
    ("60123450043", 43),
    ("60123450044", 44),
    ("60123450045", 45),
    ("60123450047", 47),
    ("60123450048", 48),
    ("60123450464", 54),
    ("60123450055", 55),
    ("60123450056", 56),
    ("60123450057", 57),
    ("60123450861", 58),
];

/// The documented status text for a status code (`Succesful` spelled as the docs do).
pub(crate) fn status_text(status: u16) -> &'static str {
    match status {
        code::ACCEPTED => "Accepted",
        code::PROCESSING => "Processing",
        code::SUCCESSFUL => "Succesful",
        code::REFUND => "Refund",
        _ => "Failed",
    }
}

/// What a merchant asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopupRequest {
    pub refid: String,
    pub product: String,
    pub account: String,
    pub amount: Decimal,
    pub remarks: String,
    /// The `extras` as received, kept so tests can see what reached IIMMPACT.
    pub extras: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Debited, waiting for the provider; `answered` once the Accepted reply went out.
    Pending {
        due: Instant,
        answered: bool,
    },
    Final,
}

/// Voucher details a successful gift-code purchase carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Voucher {
    pub pin: String,
    pub expiry: String,
    pub link: String,
    pub note: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Payment {
    pub request: TopupRequest,
    pub product: Option<&'static Product>,
    pub trxid: u64,
    pub cost: Decimal,
    pub created: NaiveDateTime,
    pub finished: Option<NaiveDateTime>,
    /// The status this payment ends in.
    outcome: u16,
    stage: Stage,
    /// Net debit outstanding: debited and not refunded.
    pub charged: bool,
    /// Wallet balance after this payment's last ledger entry (or when it was refused).
    pub balance: Decimal,
    pub serial: String,
    pub voucher: Voucher,
}

impl Payment {
    /// The status a re-check sees right now.
    pub fn status(&self) -> u16 {
        match self.stage {
            Stage::Pending {
                answered: false, ..
            } => code::ACCEPTED,
            Stage::Pending { answered: true, .. } => code::PROCESSING,
            Stage::Final => self.outcome,
        }
    }
}

pub(crate) struct Payments {
    seed: u64,
    delay: Duration,
    list: Vec<Payment>,
    by_refid: HashMap<String, usize>,
    /// Indices of pending payments; one fixed delay keeps them in due order.
    pending: VecDeque<usize>,
}

impl Payments {
    pub fn new(seed: u64, delay: Duration) -> Self {
        Self {
            seed,
            delay,
            list: Vec::new(),
            by_refid: HashMap::new(),
            pending: VecDeque::new(),
        }
    }

    pub fn get(&self, refid: &str) -> Option<&Payment> {
        self.by_refid.get(refid).map(|&i| &self.list[i])
    }

    pub fn all(&self) -> &[Payment] {
        &self.list
    }

    /// Live trxids follow the seeded history's, one per payment in submission order.
    pub fn by_trxid(&self, trxid: u64, history_len: usize) -> Option<&Payment> {
        let index = trxid.checked_sub(FIRST_TRXID + history_len as u64)?;
        self.list.get(usize::try_from(index).ok()?)
    }

    /// Finishes every payment whose processing delay has passed, refunding failures.
    pub fn settle(&mut self, ledger: &mut Ledger, now: Instant) {
        while let Some(&i) = self.pending.front() {
            let Stage::Pending { due, .. } = self.list[i].stage else {
                unreachable!("only pending payments are queued")
            };
            if due > now {
                break;
            }
            self.pending.pop_front();
            let at = self.list[i].created
                + chrono::Duration::from_std(self.delay).unwrap_or(chrono::Duration::zero());
            self.finish(i, ledger, at);
        }
    }

    /// Makes payment `i` final at `at` in its outcome: a success gets its serial (and
    /// voucher), anything else its money back.
    fn finish(&mut self, i: usize, ledger: &mut Ledger, at: NaiveDateTime) {
        let p = &mut self.list[i];
        p.stage = Stage::Final;
        p.finished = Some(at);
        if p.outcome == code::SUCCESSFUL {
            p.serial = serial(self.seed, p.trxid);
            if p.product.is_some_and(|prod| prod.voucher) {
                p.voucher = voucher(self.seed, p.trxid, at);
            }
        } else {
            p.balance = ledger.post(EntryKind::Refund, p.cost, p.remarks("Refund "), at);
            p.charged = false;
        }
    }

    /// A payment as `request` would start, before anything is checked, recorded or charged.
    pub fn draft(&self, ledger: &Ledger, request: TopupRequest, at: NaiveDateTime) -> Payment {
        let product = products::find(&request.product);
        Payment {
            product,
            trxid: FIRST_TRXID + ledger.history().len() as u64 + self.list.len() as u64,
            cost: product.map_or(Decimal::ZERO, |p| p.cost(request.amount)),
            created: at,
            finished: None,
            outcome: code::SUCCESSFUL,
            stage: Stage::Final,
            charged: false,
            balance: ledger.balance(),
            serial: String::new(),
            voucher: Voucher::default(),
            request,
        }
    }

    /// Submits (or re-checks) a payment and returns it as it stands after this request.
    pub fn submit(
        &mut self,
        ledger: &mut Ledger,
        request: TopupRequest,
        now: Instant,
        at: NaiveDateTime,
    ) -> &Payment {
        self.settle(ledger, now);
        if let Some(&i) = self.by_refid.get(&request.refid) {
            let p = &mut self.list[i];
            // The first answer said Accepted; every re-check while pending says Processing.
            if let Stage::Pending { due, .. } = p.stage {
                p.stage = Stage::Pending {
                    due,
                    answered: true,
                };
            }
            return p;
        }
        let mut payment = self.draft(ledger, request, at);
        if payment.accept(ledger, at) {
            payment.stage = Stage::Pending {
                due: now + self.delay,
                answered: false,
            };
            self.pending.push_back(self.list.len());
        }
        self.push(payment)
    }

    fn push(&mut self, payment: Payment) -> &Payment {
        self.by_refid
            .insert(payment.request.refid.clone(), self.list.len());
        self.list.push(payment);
        self.list.last().expect("just pushed")
    }

    /// Another counter's payment (or another tool's), already final: charged, and
    /// refunded when its account forces a failure. `None` when its refid is taken.
    pub fn record_elsewhere(
        &mut self,
        ledger: &mut Ledger,
        request: TopupRequest,
        at: NaiveDateTime,
    ) -> Option<&Payment> {
        self.settle(ledger, Instant::now());
        if self.by_refid.contains_key(&request.refid) {
            return None;
        }
        let mut payment = self.draft(ledger, request, at);
        let accepted = payment.accept(ledger, at);
        let i = self.list.len();
        self.push(payment);
        if accepted {
            self.finish(i, ledger, at);
        }
        self.list.last()
    }

    /// IIMMPACT restating a final payment after the fact: its status (a refund, or a
    /// charge the first answer did not show), its amount or its product. The wallet
    /// follows a status that says whether money is held; a code the docs do not list
    /// leaves it as it is.
    pub fn restate(
        &mut self,
        ledger: &mut Ledger,
        refid: &str,
        change: &Restatement,
        at: NaiveDateTime,
    ) -> Result<&Payment, &'static str> {
        self.settle(ledger, Instant::now());
        let &i = self
            .by_refid
            .get(refid)
            .ok_or("no payment has this refid")?;
        let product = match &change.product {
            Some(code) => Some(products::find(code).ok_or("no product has this code")?),
            None => None,
        };
        let p = &mut self.list[i];
        if p.stage != Stage::Final {
            return Err("the payment is still pending");
        }
        if let Some(status) = change.status {
            let holds_money = match status {
                code::ACCEPTED | code::PROCESSING => {
                    return Err("a final payment cannot become pending again")
                }
                code::SUCCESSFUL => Some(true),
                _ if status == code::REFUND || is_listed_failure(status) => Some(false),
                _ => None,
            };
            match holds_money {
                Some(true) if !p.charged => {
                    p.balance = ledger.post(EntryKind::Transaction, -p.cost, p.remarks(""), at);
                    p.charged = true;
                    if p.serial.is_empty() {
                        p.serial = serial(self.seed, p.trxid);
                    }
                }
                Some(false) if p.charged => {
                    p.balance = ledger.post(EntryKind::Refund, p.cost, p.remarks("Refund "), at);
                    p.charged = false;
                }
                _ => {}
            }
            p.outcome = status;
        }
        if let Some(amount) = change.amount {
            p.request.amount = amount;
        }
        if let Some(product) = product {
            p.product = Some(product);
            p.request.product = product.code.to_owned();
        }
        Ok(p)
    }
}

/// What IIMMPACT changes in its record of a payment; `None` keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Restatement {
    pub status: Option<u16>,
    pub amount: Option<Decimal>,
    pub product: Option<String>,
}

/// The failure codes of spec §4.2: money returned.
fn is_listed_failure(status: u16) -> bool {
    matches!(status, 40 | 41 | 43..=45 | 47 | 48 | 52 | 54..=58 | 61)
}

impl Payment {
    /// A ledger entry's remarks for this payment, as IIMMPACT words them.
    fn remarks(&self, prefix: &str) -> String {
        format!(
            "{prefix}Trx #{} {}.{}",
            self.trxid, self.request.product, self.request.account
        )
    }

    /// Refuses what the server can refuse at once (final, free) or debits the wallet
    /// and sets the outcome the account forces; true when accepted.
    fn accept(&mut self, ledger: &mut Ledger, at: NaiveDateTime) -> bool {
        let refusal = match self.product {
            None => Some(code::INVALID_PRODUCT),
            Some(p) if !p.accepts_amount(self.request.amount) => Some(code::INVALID_DENOMINATION),
            Some(p) if !p.accepts_account(&self.request.account) => Some(code::INVALID_ACCOUNT),
            Some(p) => match choices::check(
                p,
                &self.request.account,
                self.request.amount,
                &self.request.extras,
            ) {
                Err(Refusal::WrongFormat) => Some(code::INVALID_PRODUCT),
                Err(Refusal::WrongAmount) => Some(code::INVALID_DENOMINATION),
                Ok(()) => None,
            },
        };
        let refusal = match refusal {
            None if self.cost > ledger.balance() => Some(code::INSUFFICIENT_CREDIT),
            other => other,
        };

        if let Some(status) = refusal {
            self.outcome = status;
            self.finished = Some(at);
            return false;
        }
        self.outcome = TEST_ACCOUNTS
            .iter()
            .find(|(account, _)| *account == self.request.account)
            .map_or(code::SUCCESSFUL, |&(_, status)| status);
        self.balance = ledger.post(EntryKind::Transaction, -self.cost, self.remarks(""), at);
        self.charged = true;
        true
    }
}

fn serial(seed: u64, trxid: u64) -> String {
    format!(
        "{:09}",
        (seed ^ trxid.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % 1_000_000_000
    )
}

fn voucher(seed: u64, trxid: u64, at: NaiveDateTime) -> Voucher {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut x = seed ^ trxid.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let pin: String = (0..10)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ALPHABET[(x >> 59) as usize % ALPHABET.len()] as char
        })
        .collect();
    Voucher {
        expiry: (at.date() + chrono::Duration::days(180))
            .format("%Y%m%d")
            .to_string(),
        link: format!("https://api.grab.com/gifts/v2/go?id={x:016x}{trxid:016x}"),
        note: "Insert voucher code into Use Grab Gifts under Use Offers section upon check out"
            .to_owned(),
        pin,
    }
}
