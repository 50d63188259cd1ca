// Plausible records of the shapes that cross IPC, for screen tests to vary.
import type { DayTotals, Payment, Product, Settings } from "../types";

export const digi: Product = {
  code: "D",
  name: "Digi Prepaid",
  group: "Prepaid",
  account_label: "Mobile Number",
  account_type: "phone_number",
  denominations: ["5.00", "10.00", "30.00"],
  common_denominations: ["10.00"],
  bill_check: false,
};

export const tnb: Product = {
  code: "TNB",
  name: "Tenaga Nasional",
  group: "Bills",
  account_label: "Account Number",
  account_type: "numeric",
  denominations: [],
  common_denominations: [],
  bill_check: true,
};

export function payment(over: Partial<Payment> = {}): Payment {
  return {
    refid: "KTR-20261125-0000000000000001",
    product: "D",
    product_name: "Digi Prepaid",
    account: "0123456789",
    amount: "10.00",
    state: "succeeded",
    has_pin: false,
    has_voucherlink: false,
    voucher_not_stored: false,
    attempts: 1,
    created_at: "2026-11-25T02:00:00Z",
    updated_at: "2026-11-25T02:00:03Z",
    ...over,
  };
}

export const settings: Settings = {
  environment: "demo",
  outlet_name: "Kedai Runcit Ali",
  counter_name: "Counter 1",
  receipt_header: ["No. 1, Jalan Ampang"],
  language: "en",
  request_rate: 5,
  low_balance_threshold: "50.00",
  export: { entry_type: null, bom: true, crlf: true },
  proxy: null,
};

export const noTotals = (day: string): DayTotals => ({ day, by_state: [] });
