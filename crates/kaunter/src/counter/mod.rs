//! The counter's own rules, one home for the app and the CLI: what a cashier is shown
//! of a balance, a product, a bill check and a biller's health; an order, checked
//! field by field, with the extras and the choice its product takes; and the receipt.

mod choices;
mod extras;
mod order;
mod receipt;
mod views;

pub use choices::ChoiceView;
pub(crate) use extras::checked as checked_extras;
pub use extras::{ExtraField, ExtraName, Family};
/// A payment's extras, as `PaymentRequest::extras` holds them.
pub use iimmpact::models::Extras;
pub use order::PaymentRequest;
pub(crate) use order::{account, family, precheck, prepare};
pub use receipt::{Receipt, ReceiptField, ReceiptLine};
pub use views::{
    AccountKind, AccountThresholdView, BalanceView, BillCheckView, CallbackView, NetworkView,
    ProductView,
};
