//! The products the simulator sells: the 24 billers of the seed's Bill Presentment List,
//! the prepaid reloads, a gift code, the staging product `FP`, and the products with
//! choices and extras (`../shared/iimmpact-api.md` §3.16): mobile data plans, JomPAY,
//! PTPTN and SSPN (their choices are in `choices.rs`).

use std::sync::LazyLock;

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccountType {
    PhoneNumber,
    AccountNumber,
    /// A JomPAY bill's Ref-1: letters and digits, as the bill prints it.
    Ref1,
}

impl AccountType {
    pub fn wire(self) -> &'static str {
        match self {
            Self::PhoneNumber => "phone_number",
            Self::AccountNumber => "account_number",
            Self::Ref1 => "ref1",
        }
    }

    pub fn keyboard(self) -> &'static str {
        match self {
            Self::PhoneNumber | Self::AccountNumber => "Numeric",
            Self::Ref1 => "Alphanumeric",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PhoneNumber => "Mobile Number",
            Self::AccountNumber => "Account Number",
            Self::Ref1 => "Ref-1",
        }
    }
}

/// Where a product sits in the catalog tree: (group id, group name, category id, category name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shelf {
    Prepaid,
    Postpaid,
    Utilities,
    Television,
    Council,
    GiftCards,
    Internet,
    JomPay,
    Education,
}

impl Shelf {
    pub const ALL: [Shelf; 9] = [
        Self::Prepaid,
        Self::Postpaid,
        Self::Internet,
        Self::Utilities,
        Self::Television,
        Self::Council,
        Self::JomPay,
        Self::Education,
        Self::GiftCards,
    ];

    pub fn group(self) -> (&'static str, &'static str) {
        match self {
            Self::Prepaid | Self::Postpaid | Self::Internet => ("grp_mobile", "Mobile"),
            Self::Utilities | Self::Television | Self::Council | Self::JomPay => {
                ("grp_bills", "Bills")
            }
            Self::Education => ("grp_education", "Education"),
            Self::GiftCards => ("grp_vouchers", "Vouchers"),
        }
    }

    pub fn category(self) -> (&'static str, &'static str) {
        match self {
            Self::Prepaid => ("cat_prepaid", "Prepaid Reload"),
            Self::Postpaid => ("cat_postpaid", "Postpaid Bills"),
            Self::Utilities => ("cat_utilities", "Utilities"),
            Self::Television => ("cat_tv", "Television"),
            Self::Council => ("cat_council", "Local Council"),
            Self::GiftCards => ("cat_gift", "Gift Cards"),
            Self::Internet => ("cat_internet", "Mobile Internet"),
            Self::JomPay => ("cat_jompay", "JomPAY"),
            Self::Education => ("cat_education", "PTPTN and SSPN"),
        }
    }

    /// The product-list `product_group` and `category` words.
    pub fn list_words(self) -> (&'static str, &'static str) {
        match self {
            Self::Prepaid => ("Mobile Reload", "Prepaid"),
            Self::Postpaid => ("Mobile Bill", "Postpaid"),
            Self::Utilities => ("Bill Payment", "Utilities"),
            Self::Television => ("Bill Payment", "Television"),
            Self::Council => ("Bill Payment", "Local Council"),
            Self::GiftCards => ("Gift Card", "In Store Voucher"),
            Self::Internet => ("Mobile Internet", "Internet"),
            Self::JomPay => ("Bill Payment", "JomPAY"),
            Self::Education => ("Education", "Loan and Savings"),
        }
    }
}

/// Which `extras` a product requires (`../shared/iimmpact-api.md` §3.9) and where its
/// choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Plain,
    /// A data plan from the number's own list: `subproduct_code`, priced by the plan.
    DataPlan,
    /// `biller_code` and the payer's `ic_number`; `ref2` optional.
    JomPay,
    /// An account type as `subproduct_code` and the recipient's `ic_number`.
    Education,
}

/// Which bill details a biller returns, per the seed's Bill Presentment List.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Presentment {
    pub customer_name: bool,
    pub outstanding: bool,
    pub due_date: bool,
}

#[derive(Debug)]
pub(crate) struct Product {
    pub code: &'static str,
    pub name: &'static str,
    pub shelf: Shelf,
    pub account_type: AccountType,
    /// Fixed amounts in whole ringgit; empty means any amount from 1.00 to [`MAX_BILL`].
    pub denominations: &'static [u32],
    /// The merchant's discount in basis points: the wallet is charged `amount × (1 − d)`.
    pub discount_bp: u32,
    /// `Some` for the 24 billers of the seed table.
    pub presentment: Option<Presentment>,
    /// Answers with serial number, PIN, expiry and voucher link.
    pub voucher: bool,
    pub family: Family,
}

/// The largest open amount accepted for a bill.
pub(crate) const MAX_BILL: u32 = 10_000;

const RELOAD: &[u32] = &[5, 10, 15, 20, 30, 50, 100];
const GIFT: &[u32] = &[5, 10, 20, 50, 100];

const fn yes(customer_name: bool, outstanding: bool, due_date: bool) -> Option<Presentment> {
    Some(Presentment {
        customer_name,
        outstanding,
        due_date,
    })
}

const fn product(
    code: &'static str,
    name: &'static str,
    shelf: Shelf,
    presentment: Option<Presentment>,
) -> Product {
    let (account_type, denominations, discount_bp) = match shelf {
        Shelf::Prepaid => (AccountType::PhoneNumber, RELOAD, 250),
        Shelf::Postpaid => (AccountType::PhoneNumber, &[] as &[u32], 50),
        Shelf::GiftCards => (AccountType::PhoneNumber, GIFT, 150),
        Shelf::Utilities | Shelf::Television | Shelf::Council | Shelf::Education => {
            (AccountType::AccountNumber, &[] as &[u32], 0)
        }
        Shelf::Internet => (AccountType::PhoneNumber, &[] as &[u32], 200),
        Shelf::JomPay => (AccountType::Ref1, &[] as &[u32], 0),
    };
    Product {
        code,
        name,
        shelf,
        account_type,
        denominations,
        discount_bp,
        presentment,
        voucher: matches!(shelf, Shelf::GiftCards),
        family: match shelf {
            Shelf::Internet => Family::DataPlan,
            Shelf::JomPay => Family::JomPay,
            Shelf::Education => Family::Education,
            _ => Family::Plain,
        },
    }
}

use Shelf::*;

/// Seed-table billers first, in the table's order, then the products the table does not list.
pub(crate) static PRODUCTS: &[Product] = &[
    product("SYABAS", "Air Selangor", Utilities, yes(true, true, true)),
    product("ASKB", "Air Kelantan", Utilities, yes(true, true, true)),
    product("ASB", "Astro", Television, yes(true, false, false)),
    product(
        "IW",
        "Indah Water Konsortium",
        Utilities,
        yes(false, true, false),
    ),
    product(
        "PAIP",
        "Pengurusan Air Pahang",
        Utilities,
        yes(true, true, false),
    ),
    product(
        "PWB",
        "Perak Water Board",
        Utilities,
        yes(false, false, false),
    ),
    product(
        "KWB",
        "Kuching Water Board",
        Utilities,
        yes(false, false, false),
    ),
    product("SAJ", "Ranhill SAJ", Utilities, yes(false, false, false)),
    product(
        "SADA",
        "Syarikat Air Darul Aman",
        Utilities,
        yes(false, false, false),
    ),
    product(
        "SAINS",
        "Syarikat Air Negeri Sembilan",
        Utilities,
        yes(false, false, false),
    ),
    product(
        "SESB",
        "Sabah Electricity",
        Utilities,
        yes(true, true, true),
    ),
    product(
        "TNB",
        "Tenaga Nasional Berhad",
        Utilities,
        yes(false, true, true),
    ),
    product("CB", "Celcom Postpaid", Postpaid, yes(false, true, false)),
    product("RB", "Redone Postpaid", Postpaid, yes(true, true, false)),
    product("MB", "Maxis Postpaid", Postpaid, yes(false, false, false)),
    product("XB", "XOX Postpaid", Postpaid, yes(true, true, true)),
    product("DB", "Digi Postpaid", Postpaid, yes(false, false, false)),
    product("M", "Maxis Prepaid", Prepaid, yes(false, false, false)),
    product("RO", "Redone Prepaid", Prepaid, yes(true, false, false)),
    product("C", "Celcom Prepaid", Prepaid, yes(false, false, false)),
    product("D", "Digi Prepaid", Prepaid, yes(false, false, false)),
    product(
        "MDKL",
        "Majlis Daerah Kuala Langat",
        Council,
        yes(true, true, true),
    ),
    product(
        "MPSS",
        "Majlis Perbandaran Sepang",
        Council,
        yes(true, true, true),
    ),
    product(
        "MPSJ",
        "Majlis Perbandaran Subang Jaya",
        Council,
        yes(true, true, true),
    ),
    product("U", "U Mobile Prepaid", Prepaid, None),
    product("XOX", "XOX Prepaid", Prepaid, None),
    product("GC", "Grab Gift Code", GiftCards, None),
    // Staging's always-interrupted product (`../shared/iimmpact-api.md` §3.7).
    product("FP", "FP Staging Test Product", Prepaid, None),
    product("HI", "Hotlink Internet", Internet, None),
    product("DI", "Digi Internet", Internet, None),
    product("CEL", "Celcom Internet", Internet, None),
    product("JOMPAY", "JomPAY", JomPay, None),
    product("PTPTN", "PTPTN", Education, None),
    product("SSPN", "SSPN", Education, None),
];

/// The product whose network status never recovers.
pub(crate) const ALWAYS_INTERRUPTED: &str = "FP";

pub(crate) fn find(code: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.code == code)
}

/// What the seeded history sold: the plain products but `FP`, in the order they had
/// before products with choices came, so a seed still gives the same history.
pub(crate) static HISTORIC: LazyLock<Vec<&'static Product>> = LazyLock::new(|| {
    PRODUCTS
        .iter()
        .filter(|p| p.family == Family::Plain && p.code != ALWAYS_INTERRUPTED)
        .collect()
});

impl Product {
    pub fn image_url(&self) -> String {
        format!("https://dashboard.iimmpact.com/img/{}.png", self.code)
    }

    /// What the wallet pays for `amount`, to four decimals like the documented balances.
    pub fn cost(&self, amount: Decimal) -> Decimal {
        let discount = Decimal::new(i64::from(self.discount_bp), 4);
        (amount * (Decimal::ONE - discount)).round_dp(4)
    }

    /// Is `amount` one this product sells? (A plan's or biller's own rule comes on top.)
    pub fn accepts_amount(&self, amount: Decimal) -> bool {
        if self.denominations.is_empty() {
            amount >= Decimal::ONE && amount <= Decimal::from(MAX_BILL)
        } else {
            self.denominations
                .iter()
                .any(|&d| Decimal::from(d) == amount)
        }
    }

    pub fn denominations_text(&self) -> String {
        let words: Vec<String> = self.denominations.iter().map(u32::to_string).collect();
        words.join(",")
    }

    /// The three most asked-for amounts, as the product list's `common_denominations`.
    pub fn common_denominations_text(&self) -> String {
        let common: Vec<String> = self
            .denominations
            .iter()
            .filter(|&&d| matches!(d, 10 | 30 | 50))
            .map(u32::to_string)
            .collect();
        common.join(",")
    }
}

impl Product {
    /// The account rule of topup: a JomPAY Ref-1 is 1 to 30 letters and digits, any
    /// other account follows [`account_is_valid`].
    pub fn accepts_account(&self, account: &str) -> bool {
        match self.account_type {
            AccountType::Ref1 => {
                (1..=30).contains(&account.len())
                    && account.bytes().all(|b| b.is_ascii_alphanumeric())
            }
            AccountType::PhoneNumber | AccountType::AccountNumber => account_is_valid(account),
        }
    }
}

/// The account rule shared by bill presentment and topup: digits only, 6 to 16 of them,
/// and not starting with `000` (the demo's "invalid account" numbers).
pub(crate) fn account_is_valid(account: &str) -> bool {
    (6..=16).contains(&account.len())
        && account.bytes().all(|b| b.is_ascii_digit())
        && !account.starts_with("000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_table_has_24_billers_and_codes_are_unique() {
        assert_eq!(
            PRODUCTS.iter().filter(|p| p.presentment.is_some()).count(),
            24
        );
        for p in PRODUCTS {
            assert_eq!(
                PRODUCTS.iter().filter(|q| q.code == p.code).count(),
                1,
                "{}",
                p.code
            );
        }
    }

    #[test]
    fn cost_applies_the_discount_exactly() {
        let d = find("D").unwrap();
        assert_eq!(d.cost(Decimal::from(10)), Decimal::new(975, 2));
        assert!(d.accepts_amount(Decimal::from(30)));
        assert!(!d.accepts_amount(Decimal::new(3050, 2)));
        let tnb = find("TNB").unwrap();
        assert!(tnb.accepts_amount(Decimal::new(12345, 2)));
        assert!(!tnb.accepts_amount(Decimal::new(50, 2)));
    }

    #[test]
    fn account_rule() {
        assert!(account_is_valid("220411163904"));
        assert!(!account_is_valid("000123456789"));
        assert!(!account_is_valid("22041116390A"));
        assert!(!account_is_valid("12345"));
    }
}
