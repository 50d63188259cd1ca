// A voucher's PIN and gift link are money. The journal keeps them sealed, so a payment
// read back from it (history, lookup, the `payment-updated` event) carries only
// `has_pin`/`has_voucherlink`; the clear text comes with the reply of the call that
// asked IIMMPACT, or from a reveal the cashier asked for.
import type { Payment } from "./types";

/**
 * `next` as the screen showing `shown` should show it: an update read back from the
 * journal lacks the PIN and link, and must not take away the ones the cashier is
 * reading out to the customer.
 */
export function keepSecrets(next: Payment, shown: Payment): Payment {
  if (next.refid !== shown.refid) return next;
  return { ...next, pin: next.pin ?? shown.pin, voucherlink: next.voucherlink ?? shown.voucherlink };
}

/** The journal holds a PIN or link this copy does not carry: a receipt of it needs a reveal. */
export function lacksSecrets(payment: Payment): boolean {
  return (payment.has_pin && !payment.pin) || (payment.has_voucherlink && !payment.voucherlink);
}
