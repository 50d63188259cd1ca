//! A product's choices (data plans, JomPAY billers, PTPTN/SSPN account types), as
//! `/v2/options` or the older `/v2/subproducts` lists them, and what a choice says
//! about the amount (`../shared/iimmpact-api.md` §3.3, §3.5).

use iimmpact::models::{OptionItem, Subproduct};
use iimmpact::{Amount, Problem};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

/// One choice, with the money members the amount is checked against.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChoiceView {
    /// Sent as the extra the choice fills (`subproduct_code`, or a JomPAY `biller_code`).
    pub code: String,
    pub label: String,
    pub description: Option<String>,
    /// A priced plan: this is the amount paid.
    #[ts(type = "string | null")]
    pub price: Option<Decimal>,
    /// Open amounts: the least and most the choice takes.
    #[ts(type = "string | null")]
    pub min: Option<Decimal>,
    #[ts(type = "string | null")]
    pub max: Option<Decimal>,
    pub validity: Option<String>,
}

impl From<&OptionItem> for ChoiceView {
    fn from(item: &OptionItem) -> Self {
        Self {
            code: item.code.clone(),
            label: item.label.clone(),
            description: item.description.clone(),
            price: item.price.as_ref().map(|m| m.amount),
            min: item.min_amount.as_ref().map(|m| m.amount),
            max: item.max_amount.as_ref().map(|m| m.amount),
            validity: item.validity.clone(),
        }
    }
}

impl From<&Subproduct> for ChoiceView {
    fn from(s: &Subproduct) -> Self {
        Self {
            code: s.subproduct_code.clone(),
            label: s.display_name.clone(),
            description: s.description.clone(),
            price: s.denomination.or(s.face_value),
            min: s.min,
            max: s.max,
            validity: s.validity.clone(),
        }
    }
}

impl ChoiceView {
    /// The amount to pay with this choice: a priced plan's price (typed or left blank,
    /// a different typed amount is refused), else the typed amount within its limits.
    pub(crate) fn amount(&self, typed: &str) -> Result<Amount> {
        let invalid = |problem| Err(Error::invalid("amount", problem));
        if let Some(price) = self.price {
            if typed.trim().is_empty() {
                return Ok(Amount::new("amount", price)?);
            }
            let amount = Amount::parse("amount", typed)?;
            if amount.value() != price {
                return invalid(Problem::NotADenomination {
                    allowed: vec![price.to_string()],
                });
            }
            return Ok(amount);
        }
        let amount = Amount::parse("amount", typed)?;
        let value = amount.value();
        match (self.min, self.max) {
            (Some(min), Some(max)) if value < min || value > max => invalid(Problem::OutOfRange {
                min: min.to_string(),
                max: max.to_string(),
            }),
            (Some(min), None) if value < min => invalid(Problem::BelowMin {
                min: min.to_string(),
            }),
            (None, Some(max)) if value > max => invalid(Problem::AboveMax {
                max: max.to_string(),
            }),
            _ => Ok(amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn choice(price: Option<Decimal>, min: Option<Decimal>, max: Option<Decimal>) -> ChoiceView {
        ChoiceView {
            code: "X".into(),
            label: "X".into(),
            description: None,
            price,
            min,
            max,
            validity: None,
        }
    }

    fn problem(result: Result<Amount>) -> Problem {
        match result.unwrap_err() {
            Error::Invalid { field, problem } if field == "amount" => problem,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_priced_plan_sets_the_amount_and_refuses_another() {
        let plan = choice(Some(dec!(35)), None, None);
        assert_eq!(plan.amount("").unwrap().value(), dec!(35));
        assert_eq!(plan.amount("RM 35.00").unwrap().value(), dec!(35));
        assert_eq!(
            problem(plan.amount("30")),
            Problem::NotADenomination {
                allowed: vec!["35".into()]
            }
        );
    }

    #[test]
    fn an_open_amount_keeps_within_the_choices_limits() {
        let biller = choice(None, Some(dec!(1.00)), Some(dec!(3000)));
        assert_eq!(biller.amount("150.50").unwrap().value(), dec!(150.50));
        assert!(matches!(
            problem(biller.amount("3000.01")),
            Problem::OutOfRange { .. }
        ));
        assert!(matches!(
            problem(biller.amount("0.50")),
            Problem::OutOfRange { .. }
        ));
        assert_eq!(problem(biller.amount("")), Problem::Required);
        let floor = choice(None, Some(dec!(10)), None);
        assert!(matches!(
            problem(floor.amount("5")),
            Problem::BelowMin { .. }
        ));
    }
}
