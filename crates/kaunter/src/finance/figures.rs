//! What a line of a summary adds up: sales, their face value, their cost, the margin.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::{Error, Result};

/// Sales added exactly. A sale whose cost IIMMPACT did not list counts in `count` and
/// `face_value` only, and in `without_cost`: a margin is never guessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Figures {
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "string")]
    pub face_value: Decimal,
    #[ts(type = "string")]
    pub cost: Decimal,
    /// Face value less cost, over the sales whose cost is known.
    #[ts(type = "string")]
    pub margin: Decimal,
    #[ts(type = "number")]
    pub without_cost: u64,
}

impl Figures {
    pub(crate) fn add(&mut self, face_value: Decimal, cost: Option<Decimal>) -> Result<()> {
        let mut next = self.clone();
        next.count += 1;
        next.face_value = sum(next.face_value, face_value)?;
        match cost {
            Some(cost) => {
                next.cost = sum(next.cost, cost)?;
                let margin = face_value.checked_sub(cost).ok_or_else(too_large)?;
                next.margin = sum(next.margin, margin)?;
            }
            None => next.without_cost += 1,
        }
        *self = next;
        Ok(())
    }
}

pub(crate) fn sum(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(too_large)
}

/// Amounts this large are a corrupt or hostile reply, not money: no report beats a wrong one.
fn too_large() -> Error {
    Error::invalid("amount", iimmpact::Problem::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn margin_is_over_the_sales_with_a_cost_and_nothing_is_rounded() {
        let mut figures = Figures::default();
        figures.add(dec!(10.00), Some(dec!(9.85))).unwrap();
        figures.add(dec!(628.70), Some(dec!(628.005))).unwrap();
        figures.add(dec!(5), None).unwrap();
        assert_eq!(
            figures,
            Figures {
                count: 3,
                face_value: dec!(643.70),
                cost: dec!(637.855),
                margin: dec!(0.845),
                without_cost: 1,
            }
        );
    }

    #[test]
    fn an_overflow_is_refused_and_leaves_the_figures_as_they_were() {
        let mut figures = Figures::default();
        figures.add(Decimal::MAX, Some(dec!(0))).unwrap();
        let before = figures.clone();
        let err = figures.add(Decimal::MAX, Some(dec!(0))).unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("amount"));
        assert_eq!(figures, before);
        assert!(figures.add(dec!(1), Some(Decimal::MIN)).is_err());
        assert_eq!(figures, before);
    }
}
