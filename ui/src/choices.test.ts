import { describe, expect, it } from "vitest";
import { choiceExtra, choicePrice, filterChoices, mayTypeCode, moveCursor, quickAmountFor, quickAmounts, stepDenomination, typedExtras } from "./choices";
import { billers, digi, hotlink, jompay, plans, tnb } from "./testing/fixtures";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "altKey" | "metaKey", boolean>> = {}) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe("a product's form", () => {
  it("fills the choice's extra from the list and asks for the others in their own fields, in the core's order", () => {
    expect(choiceExtra(hotlink)).toBe("subproduct_code");
    expect(typedExtras(hotlink)).toEqual([]);
    expect(choiceExtra(jompay)).toBe("biller_code");
    expect(typedExtras(jompay).map((e) => e.name)).toEqual(["ref2", "ic_number"]);
    expect(choiceExtra(digi)).toBeNull();
    expect(typedExtras(digi)).toEqual([]);
    expect(mayTypeCode("biller_code")).toBe(true);
    expect(mayTypeCode("subproduct_code")).toBe(false);
  });

  it("finds choices by every word typed, in label or code", () => {
    expect(filterChoices(billers, "water").map((c) => c.code)).toEqual(["5454"]);
    expect(filterChoices(billers, "9001").map((c) => c.code)).toEqual(["9001"]);
    expect(filterChoices(billers, "demo  BOARD").map((c) => c.code)).toEqual(["5454"]);
    expect(filterChoices(plans, "")).toEqual(plans);
    expect(filterChoices(plans, "weekly")).toEqual([]);
  });

  it("prices a plan, and bounds an open choice", () => {
    expect(choicePrice(plans[1])).toEqual({ fixed: "RM 20.00" });
    expect(choicePrice(billers[0])).toEqual({ min: "RM 1.00", max: "RM 5,000.00" });
    expect(choicePrice({ ...billers[0], min: null, max: null })).toBeNull();
  });
});

describe("list keys", () => {
  it("move with the arrows and wrap at the ends; any other key is the field's", () => {
    expect(moveCursor(0, 3, "ArrowDown")).toBe(1);
    expect(moveCursor(2, 3, "ArrowDown")).toBe(0);
    expect(moveCursor(0, 3, "ArrowUp")).toBe(2);
    expect(moveCursor(0, 0, "ArrowDown")).toBeNull();
    expect(moveCursor(1, 3, "Enter")).toBeNull();
  });
});

describe("quick amounts", () => {
  it("put a bill's outstanding amount on A, then the common denominations", () => {
    expect(quickAmounts(digi, null)).toEqual([{ key: "A", amount: "10.00", outstanding: false }]);
    const bill = { message: "ok", may_pay: true, outstanding: "84.20", likely_refused: false };
    expect(quickAmounts(tnb, bill)).toEqual([{ key: "A", amount: "84.20", outstanding: true }]);
    expect(quickAmounts(tnb, { ...bill, may_pay: false })).toEqual([]);
    const many = { ...digi, common_denominations: Array.from({ length: 12 }, (_, i) => `${i + 1}`) };
    expect(quickAmounts(many, null).map((q) => q.key).join("")).toBe("ABCDEFGHI");
  });

  it("answer their letter in either case, never with a modifier, never a digit", () => {
    const quick = quickAmounts(digi, null);
    expect(quickAmountFor(quick, key("a"))?.amount).toBe("10.00");
    expect(quickAmountFor(quick, key("A"))?.amount).toBe("10.00");
    expect(quickAmountFor(quick, key("a", { ctrlKey: true }))).toBeNull();
    expect(quickAmountFor(quick, key("1"))).toBeNull();
    expect(quickAmountFor(quick, key("b"))).toBeNull();
  });

  it("step through the denominations from the amount typed, exactly (10 is 10.00)", () => {
    const d = ["5", "10", "30"];
    expect(stepDenomination(d, "", "ArrowDown")).toBe("5");
    expect(stepDenomination(d, "", "ArrowUp")).toBe("30");
    expect(stepDenomination(d, "10.00", "ArrowDown")).toBe("30");
    expect(stepDenomination(d, "30", "ArrowDown")).toBe("5");
    expect(stepDenomination(d, "RM 5", "ArrowUp")).toBe("30");
    expect(stepDenomination(d, "10", "Enter")).toBeNull();
    expect(stepDenomination([], "10", "ArrowDown")).toBeNull();
  });
});
