//! The counter's own rules, one home for the app and the CLI: what a cashier is shown
//! of a balance, a product, a bill check and a biller's health, and the receipt.

mod receipt;
mod views;

pub use receipt::{Receipt, ReceiptField, ReceiptLine};
pub use views::{
    AccountKind, AccountThresholdView, BalanceView, BillCheckView, CallbackView, NetworkView,
    ProductView,
};
