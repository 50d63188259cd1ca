import { describe, expect, it } from "vitest";
import { currentBill } from "./bill";
import type { BillCheck, Product } from "./types";

const tnb: Product = {
  code: "TNB", name: "Tenaga Nasional Berhad", group: "", account_label: "Account Number", account_type: "numeric",
  denominations: [], common_denominations: [], bill_check: true,
};
const invalid: BillCheck = { message: "Invalid account no", may_pay: false, refusal: "Invalid account no", likely_refused: false };
const checked = { product: "TNB", account: "220411163904", result: invalid };

describe("currentBill", () => {
  it("applies to the account it checked, however it is typed", () => {
    expect(currentBill(checked, tnb, "2204 1116 3904")).toBe(invalid);
  });
  it("is dropped once the account or product changes", () => {
    expect(currentBill(checked, tnb, "220411163905")).toBeNull();
    expect(currentBill(checked, { ...tnb, code: "SESB" }, "220411163904")).toBeNull();
    expect(currentBill(checked, null, "220411163904")).toBeNull();
    expect(currentBill(null, tnb, "220411163904")).toBeNull();
  });
});
