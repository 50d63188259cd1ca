//! The counter's own rules, one home for the app and the CLI: what a cashier is shown
//! of a balance, a product, a bill check and a biller's health; an order, checked
//! field by field; and the receipt.

mod order;
mod receipt;
mod views;

pub(crate) use order::prepare;
pub use order::PaymentRequest;
pub use receipt::{Receipt, ReceiptField, ReceiptLine};
pub use views::{
    AccountKind, AccountThresholdView, BalanceView, BillCheckView, CallbackView, NetworkView,
    ProductView,
};
