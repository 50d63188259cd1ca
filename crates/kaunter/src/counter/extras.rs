//! The `extras` a product takes with a payment (`../shared/iimmpact-api.md` §3.9,
//! §3.16): which it requires, which it may take, and each one checked and put in the
//! form IIMMPACT wants, whatever form it was typed in.

use chrono::NaiveDate;
use iimmpact::models::Extras;
use iimmpact::Problem;
use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

/// What kind of order a product takes, and so which extras it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Family {
    /// A reload, a bill, a voucher: account and amount, no extras.
    Plain,
    /// A plan chosen from the account's own list (mobile data): `subproduct_code`.
    Plan,
    /// JomPAY: the biller's code, the payer's IC, and the bill's Ref-2 if it has one.
    JomPay,
    /// PTPTN and SSPN: the account type and the recipient's IC.
    Education,
}

/// The documented mobile-data products (`../shared/iimmpact-api.md` §3.3).
const DATA_PLANS: &[&str] = &["CEL", "DI", "HI", "UMI", "TI", "OXI", "YESI"];

impl Family {
    /// The family the documented product codes name; any other product with
    /// sub-products (`has_subproduct`) chooses a plan.
    pub fn of(code: &str, has_subproduct: bool) -> Self {
        let code = code.trim().to_ascii_uppercase();
        match code.as_str() {
            "JOMPAY" => Self::JomPay,
            "PTPTN" | "SSPN" => Self::Education,
            c if DATA_PLANS.contains(&c) => Self::Plan,
            _ if has_subproduct => Self::Plan,
            _ => Self::Plain,
        }
    }

    /// The extras this family takes, in the order a form asks for them.
    pub fn extras(self) -> &'static [ExtraField] {
        use ExtraName::*;
        const PLAN: &[ExtraField] = &[need(SubproductCode, true)];
        const JOMPAY: &[ExtraField] = &[
            need(BillerCode, true),
            need(Ref2, false),
            need(IcNumber, true),
        ];
        const EDUCATION: &[ExtraField] = &[need(SubproductCode, true), need(IcNumber, true)];
        match self {
            Self::Plain => &[],
            Self::Plan => PLAN,
            Self::JomPay => JOMPAY,
            Self::Education => EDUCATION,
        }
    }

    /// The `/v2/options` field whose choices fill an extra, and that extra
    /// (`../shared/iimmpact-api.md` §3.5 migration table).
    pub fn choice(self) -> Option<(&'static str, ExtraName)> {
        match self {
            Self::Plain => None,
            Self::Plan => Some(("plan", ExtraName::SubproductCode)),
            Self::JomPay => Some(("biller", ExtraName::BillerCode)),
            Self::Education => Some(("loan_account", ExtraName::SubproductCode)),
        }
    }

    pub fn is_plain(&self) -> bool {
        *self == Self::Plain
    }

    /// Whether the choices depend on the account, which must then come with the question.
    pub fn choices_per_account(self) -> bool {
        matches!(self, Self::Plan | Self::Education)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExtraName {
    SubproductCode,
    IcNumber,
    BillerCode,
    Ref2,
}

impl ExtraName {
    pub const ALL: [Self; 4] = [
        Self::SubproductCode,
        Self::IcNumber,
        Self::BillerCode,
        Self::Ref2,
    ];

    /// Its name in `extras`, and the field an error about it names.
    pub fn field(self) -> &'static str {
        match self {
            Self::SubproductCode => "subproduct_code",
            Self::IcNumber => "ic_number",
            Self::BillerCode => "biller_code",
            Self::Ref2 => "ref2",
        }
    }

    /// `name` as typed (`ic_number`, `IC-NUMBER`), or an error naming `field` with the names there are.
    pub fn parse(field: &str, name: &str) -> Result<Self> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|n| n.field() == name)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    Problem::OneOf {
                        allowed: Self::ALL.iter().map(|n| n.field().to_owned()).collect(),
                    },
                )
            })
    }

    /// The value given for this extra, trimmed; `None` when absent or blank.
    pub fn value(self, extras: &Extras) -> Option<&str> {
        let value = match self {
            Self::SubproductCode => &extras.subproduct_code,
            Self::IcNumber => &extras.ic_number,
            Self::BillerCode => &extras.biller_code,
            Self::Ref2 => &extras.ref2,
        };
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    /// Sets this extra in `extras`.
    pub fn set(self, extras: &mut Extras, value: &str) {
        let slot = match self {
            Self::SubproductCode => &mut extras.subproduct_code,
            Self::IcNumber => &mut extras.ic_number,
            Self::BillerCode => &mut extras.biller_code,
            Self::Ref2 => &mut extras.ref2,
        };
        *slot = Some(value.to_owned());
    }
}

const fn need(name: ExtraName, required: bool) -> ExtraField {
    ExtraField { name, required }
}

/// One extra a product's form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExtraField {
    pub name: ExtraName,
    pub required: bool,
}

/// Longest sub-product code we send: the documented ones are plan names of some 50 characters.
const MAX_SUBPRODUCT_CODE: u32 = 100;
/// JomPAY biller codes are numbers of a few digits.
const BILLER_CODE_DIGITS: (u32, u32) = (3, 10);
/// JomPAY's Ref-2 holds at most 30 characters.
const MAX_REF2: u32 = 30;
/// A passport number's letters and digits.
const PASSPORT_LEN: std::ops::RangeInclusive<usize> = 6..=15;

/// The extras as they go out: each one the family takes checked and in its sent form,
/// the first wrong or missing one an error naming it. Blank values count as absent,
/// and an extra the product has no use for is refused rather than sent.
pub(crate) fn checked(family: Family, given: &Extras) -> Result<Extras> {
    let takes = family.extras();
    for name in ExtraName::ALL {
        if name.value(given).is_some() && !takes.iter().any(|f| f.name == name) {
            return Err(Error::invalid(name.field(), Problem::NotForThisProduct));
        }
    }
    let mut out = Extras::default();
    for field in takes {
        let name = field.name;
        let Some(value) = name.value(given) else {
            if field.required {
                return Err(Error::invalid(name.field(), Problem::Required));
            }
            continue;
        };
        let sent = match name {
            ExtraName::IcNumber => ic_number(value),
            ExtraName::BillerCode => biller_code(value),
            ExtraName::SubproductCode => text(value, MAX_SUBPRODUCT_CODE, false),
            ExtraName::Ref2 => text(value, MAX_REF2, true),
        }
        .map_err(|problem| Error::invalid(name.field(), problem))?;
        name.set(&mut out, &sent);
    }
    Ok(out)
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '-')).collect()
}

/// A Malaysian IC number (`900101-14-5678` → `900101145678`) or a passport number,
/// without dashes or spaces and in capitals (`../shared/iimmpact-api.md` §3.9).
fn ic_number(text: &str) -> std::result::Result<String, Problem> {
    let number = compact(text).to_ascii_uppercase();
    let digits = number.bytes().all(|b| b.is_ascii_digit());
    let ic = digits && number.len() == 12 && born_on(&number[..6]);
    let passport = !digits
        && PASSPORT_LEN.contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_alphanumeric());
    if ic || passport {
        Ok(number)
    } else {
        Err(Problem::NotAnIcNumber)
    }
}

/// An IC number opens with its holder's birth date, `YYMMDD`: a typo there is caught.
fn born_on(yymmdd: &str) -> bool {
    let part = |range: std::ops::Range<usize>| yymmdd[range].parse::<u32>().unwrap_or(0);
    // 2000 + YY reads 29 February of any leap year; 1900 was not one, 2000 was.
    i32::try_from(2000 + part(0..2))
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, part(2..4), part(4..6)))
        .is_some()
}

fn biller_code(text: &str) -> std::result::Result<String, Problem> {
    let code = compact(text);
    let (min, max) = BILLER_CODE_DIGITS;
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        Err(Problem::DigitsOnly)
    } else if !(min as usize..=max as usize).contains(&code.len()) {
        Err(Problem::Length { min, max })
    } else {
        Ok(code)
    }
}

/// Printable text up to `max` characters; `ascii` keeps it to what a bill's reference holds.
fn text(value: &str, max: u32, ascii: bool) -> std::result::Result<String, Problem> {
    if value.chars().count() > max as usize {
        Err(Problem::TooLong { max })
    } else if value.chars().any(char::is_control) {
        Err(Problem::ControlCharacters)
    } else if ascii && !value.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        Err(Problem::BadCharacters)
    } else {
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extras(pairs: &[(ExtraName, &str)]) -> Extras {
        let mut e = Extras::default();
        for (name, value) in pairs {
            name.set(&mut e, value);
        }
        e
    }

    fn refusal(family: Family, given: &Extras) -> (String, Problem) {
        match checked(family, given).unwrap_err() {
            Error::Invalid { field, problem } => (field, problem),
            other => panic!("not an input error: {other:?}"),
        }
    }

    use ExtraName::*;

    #[test]
    fn an_ic_number_goes_out_without_dashes_or_spaces_however_typed() {
        for typed in ["900101-14-5678", " 900101 14 5678 ", "900101145678"] {
            let e = checked(
                Family::JomPay,
                &extras(&[(BillerCode, "5454"), (IcNumber, typed)]),
            )
            .unwrap();
            assert_eq!(e.ic_number.as_deref(), Some("900101145678"), "{typed}");
        }
        assert_eq!(ic_number("a1234567").unwrap(), "A1234567", "a passport");
        assert_eq!(ic_number("000229-10-1234").unwrap(), "000229101234");
        for bad in [
            "90010114567",
            "9001011456789",
            "901301-14-5678",
            "900230145678",
            "12@45678",
            "AB12",
        ] {
            assert_eq!(ic_number(bad), Err(Problem::NotAnIcNumber), "{bad}");
        }
    }

    #[test]
    fn a_missing_required_extra_names_itself() {
        assert_eq!(
            refusal(Family::JomPay, &extras(&[(BillerCode, "5454")])),
            ("ic_number".into(), Problem::Required)
        );
        assert_eq!(
            refusal(
                Family::JomPay,
                &extras(&[(IcNumber, "900101145678"), (BillerCode, " ")])
            ),
            ("biller_code".into(), Problem::Required),
            "blank counts as missing"
        );
        assert_eq!(
            refusal(Family::Plan, &Extras::default()),
            ("subproduct_code".into(), Problem::Required)
        );
        assert_eq!(
            refusal(Family::Education, &extras(&[(SubproductCode, "K")])),
            ("ic_number".into(), Problem::Required)
        );
    }

    #[test]
    fn an_extra_the_product_does_not_take_is_refused_not_sent() {
        assert_eq!(
            refusal(Family::Plain, &extras(&[(IcNumber, "900101145678")])),
            ("ic_number".into(), Problem::NotForThisProduct)
        );
        assert_eq!(
            refusal(Family::Plan, &extras(&[(SubproductCode, "X"), (Ref2, "1")])),
            ("ref2".into(), Problem::NotForThisProduct)
        );
        assert_eq!(
            checked(Family::Plain, &Extras::default()).unwrap(),
            Extras::default()
        );
    }

    #[test]
    fn biller_codes_and_ref2_keep_to_their_form() {
        let e = checked(
            Family::JomPay,
            &extras(&[
                (BillerCode, " 54-54 "),
                (IcNumber, "900101145678"),
                (Ref2, " INV 7 "),
            ]),
        )
        .unwrap();
        assert_eq!(
            (e.biller_code.as_deref(), e.ref2.as_deref()),
            (Some("5454"), Some("INV 7"))
        );
        assert_eq!(biller_code("54A4"), Err(Problem::DigitsOnly));
        assert!(matches!(
            biller_code("54"),
            Err(Problem::Length { min: 3, .. })
        ));
        assert_eq!(
            text(&"r".repeat(31), MAX_REF2, true),
            Err(Problem::TooLong { max: 30 })
        );
        assert_eq!(
            text("caf\u{e9}", MAX_REF2, true),
            Err(Problem::BadCharacters)
        );
    }

    #[test]
    fn families_follow_the_documented_codes() {
        assert_eq!(Family::of("jompay", false), Family::JomPay);
        assert_eq!(Family::of("HI", false), Family::Plan);
        assert_eq!(Family::of("SSPN", false), Family::Education);
        assert_eq!(Family::of("D", false), Family::Plain);
        assert_eq!(Family::of("XYZ", true), Family::Plan);
        assert_eq!(ExtraName::parse("extra", "IC-Number").unwrap(), IcNumber);
        assert!(matches!(
            ExtraName::parse("extra", "pin"),
            Err(Error::Invalid {
                problem: Problem::OneOf { .. },
                ..
            })
        ));
    }
}
