// Checks the counter makes before anything is sent, keyed by what the product says
// about its account field. Each failure is a message key, shown next to its field.
import { decimalToSen, parseAmount } from "./money";
import type { MessageKey } from "./i18n";
import type { Product } from "./types";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

// Malaysian mobile numbers as the core takes them (kaunter::counter::order): 01X then 7
// or 8 digits, or 601X… (the country code in place of the leading 0). The form typed is
// the form sent: IIMMPACT's own test accounts come in both.
const MY_MOBILE = /^(?:01|601)\d{8,9}$/;
const PRINTABLE = /^[\x20-\x7e]+$/;

/** The account as it will be sent, or why it cannot be. */
export function checkAccount(product: Product, input: string): Checked<string> {
  const text = input.trim();
  if (text === "") return { ok: false, error: "err_account_required" };
  switch (product.account_type) {
    case "phone_number": {
      // Cashiers type what the customer reads out: spaces, dashes, a leading +.
      const digits = text.replace(/[\s-]/g, "").replace(/^\+/, "");
      return MY_MOBILE.test(digits) ? { ok: true, value: digits } : { ok: false, error: "err_account_phone" };
    }
    case "numeric": {
      const digits = text.replace(/[\s-]/g, "");
      if (!/^\d+$/.test(digits)) return { ok: false, error: "err_account_digits" };
      return digits.length >= 6 ? { ok: true, value: digits } : { ok: false, error: "err_account_short" };
    }
    default:
      if (!PRINTABLE.test(text) || text.length > 50) return { ok: false, error: "err_account_chars" };
      return { ok: true, value: text };
  }
}

/** The amount in sen, or why it cannot be paid for this product. */
export function checkAmount(product: Product, input: string): Checked<bigint> {
  const parsed = parseAmount(input);
  if (!parsed.ok) {
    const byError = {
      required: "err_amount_required",
      not_a_number: "err_amount_number",
      too_many_decimals: "err_amount_decimals",
      not_positive: "err_amount_positive",
    } as const;
    return { ok: false, error: byError[parsed.error] };
  }
  const sen = parsed.sen;
  // No listed amounts means the cashier types the bill's amount; the biller checks the rest.
  if (product.denominations.length === 0) return { ok: true, value: sen };
  const allowed = product.denominations.map(decimalToSen);
  return allowed.includes(sen) ? { ok: true, value: sen } : { ok: false, error: "err_amount_denomination" };
}
