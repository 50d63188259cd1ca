// Plausible records of the shapes that cross IPC, for screen tests to vary.
import type { Choice, DayTotals, Payment, Product, Settings } from "../types";

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
  receipt_width: "80mm",
  language: "en",
  request_rate: 5,
  low_balance_threshold: "50.00",
  export: { entry_type: null, bom: true, crlf: true },
  proxy: null,
};

export const noTotals = (day: string): DayTotals => ({ day, by_state: [] });

export const hotlink: Product = {
  code: "HI",
  name: "Hotlink Internet",
  group: "Mobile Internet",
  account_label: "Mobile Number",
  account_type: "phone_number",
  denominations: [],
  common_denominations: [],
  bill_check: false,
  family: "plan",
  extras: [{ name: "subproduct_code", required: true }],
  choice_field: "plan",
};

export const jompay: Product = {
  code: "JOMPAY",
  name: "JomPAY",
  group: "Bills",
  account_label: "Ref-1",
  account_type: "text",
  denominations: [],
  common_denominations: [],
  bill_check: true,
  family: "jom_pay",
  extras: [
    { name: "biller_code", required: true },
    { name: "ref2", required: false },
    { name: "ic_number", required: true },
  ],
  choice_field: "biller",
};

const choice = (over: Partial<Choice> & Pick<Choice, "code" | "label">): Choice => ({
  description: null, price: null, min: null, max: null, validity: null, ...over,
});

export const plans: Choice[] = [
  choice({ code: "HI_DAY1GB", label: "Hotlink Internet 1GB Daily Pass", price: "3.00", validity: "1 day" }),
  choice({ code: "HI_LOYAL20", label: "Hotlink Internet Loyalty 20GB", price: "20.00", validity: "30 days" }),
];

export const billers: Choice[] = [
  choice({ code: "5454", label: "Demo Water Board", min: "1.00", max: "5000.00" }),
  choice({ code: "9001", label: "Demo Takaful", min: "50.00", max: "2000.00" }),
];
