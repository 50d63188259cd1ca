import { describe, expect, it } from "vitest";
import { decimalToSen, formatMoney, formatSen, parseAmount, senToDecimal } from "./money";

describe("parseAmount", () => {
  it("reads what a cashier types as exact sen", () => {
    expect(parseAmount("10")).toEqual({ ok: true, sen: 1000n });
    expect(parseAmount(" RM 1,234.5 ")).toEqual({ ok: true, sen: 123450n });
    expect(parseAmount("0.10")).toEqual({ ok: true, sen: 10n });
  });
  it("names what is wrong", () => {
    expect(parseAmount("")).toEqual({ ok: false, error: "required" });
    expect(parseAmount("ten")).toEqual({ ok: false, error: "not_a_number" });
    expect(parseAmount("1e3")).toEqual({ ok: false, error: "not_a_number" });
    expect(parseAmount("10.005")).toEqual({ ok: false, error: "too_many_decimals" });
    expect(parseAmount("0")).toEqual({ ok: false, error: "not_positive" });
    expect(parseAmount("-5")).toEqual({ ok: false, error: "not_positive" });
  });
});

describe("formatting", () => {
  it("is exact where floats are not", () => {
    const sum = (parseAmount("0.10") as { sen: bigint }).sen + (parseAmount("0.20") as { sen: bigint }).sen;
    expect(senToDecimal(sum)).toBe("0.30");
    expect(formatMoney("9007199254740993.01")).toBe("RM 9,007,199,254,740,993.01");
  });
  it("groups thousands and pads sen", () => {
    expect(formatSen(123456789n)).toBe("RM 1,234,567.89");
    expect(formatMoney("5")).toBe("RM 5.00");
    expect(formatMoney("-628.7")).toBe("-RM 628.70");
  });
  it("rounds four-decimal balances half up", () => {
    expect(decimalToSen("48.6333")).toBe(4863n);
    expect(formatMoney("139985.697")).toBe("RM 139,985.70");
    expect(formatMoney("0.005")).toBe("RM 0.01");
  });
  it("shows text that is not a decimal as it came", () => {
    expect(formatMoney("n/a")).toBe("n/a");
  });
});
