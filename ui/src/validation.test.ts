import { describe, expect, it } from "vitest";
import { checkAccount, checkAmount } from "./validation";
import type { Product } from "./types";

const reload: Product = {
  code: "D", name: "Digi Prepaid", group: "Mobile Reload", account_label: "Mobile Number",
  account_type: "phone_number", denominations: ["5", "10", "30"], common_denominations: ["10", "30"],
  bill_check: false,
};
const bill: Product = {
  ...reload, code: "TNB", name: "TNB", account_label: "Account No", account_type: "numeric",
  denominations: [], common_denominations: [], bill_check: true,
};

describe("checkAccount", () => {
  it("takes mobile numbers the way customers read them out, in the form given", () => {
    expect(checkAccount(reload, "012-345 6789")).toEqual({ ok: true, value: "0123456789" });
    expect(checkAccount(reload, "+60 12-345 6789")).toEqual({ ok: true, value: "60123456789" });
    expect(checkAccount(reload, "601123456789")).toEqual({ ok: true, value: "601123456789" });
    expect(checkAccount(reload, "6001234567")).toEqual({ ok: false, error: "err_account_phone" });
  });
  it("refuses empty, short and non-mobile numbers", () => {
    expect(checkAccount(reload, "  ")).toEqual({ ok: false, error: "err_account_required" });
    expect(checkAccount(reload, "01234")).toEqual({ ok: false, error: "err_account_phone" });
    expect(checkAccount(reload, "0312345678")).toEqual({ ok: false, error: "err_account_phone" });
  });
  it("wants digits for numeric accounts", () => {
    expect(checkAccount(bill, "2204 1116 3904")).toEqual({ ok: true, value: "220411163904" });
    expect(checkAccount(bill, "22A411")).toEqual({ ok: false, error: "err_account_digits" });
    expect(checkAccount(bill, "123")).toEqual({ ok: false, error: "err_account_short" });
  });
  // The core reads any account type it does not know (an IC number, say) as text.
  it("accepts text accounts as printable text", () => {
    const other = { ...reload, account_type: "text" as const };
    expect(checkAccount(other, "A1234567")).toEqual({ ok: true, value: "A1234567" });
    expect(checkAccount(other, "x".repeat(51))).toEqual({ ok: false, error: "err_account_chars" });
  });
});

describe("checkAmount", () => {
  it("allows only the listed denominations when the product has no range", () => {
    expect(checkAmount(reload, "10")).toEqual({ ok: true, value: 1000n });
    expect(checkAmount(reload, "10.00")).toEqual({ ok: true, value: 1000n });
    expect(checkAmount(reload, "12")).toEqual({ ok: false, error: "err_amount_denomination" });
  });
  it("takes any positive typed amount for a bill", () => {
    expect(checkAmount(bill, "123.45")).toEqual({ ok: true, value: 12345n });
    expect(checkAmount(bill, "0.01")).toEqual({ ok: true, value: 1n });
    expect(checkAmount(bill, "0.00")).toEqual({ ok: false, error: "err_amount_positive" });
  });
  it("names the problem with input that is not money", () => {
    expect(checkAmount(bill, "abc")).toEqual({ ok: false, error: "err_amount_number" });
    expect(checkAmount(bill, "")).toEqual({ ok: false, error: "err_amount_required" });
    expect(checkAmount(bill, "1.234")).toEqual({ ok: false, error: "err_amount_decimals" });
  });
});
