import { describe, expect, it } from "vitest";
import { rankProducts } from "./search";
import type { Product } from "./types";

const p = (code: string, name: string): Product => ({
  code, name, group: "", account_label: "", account_type: "numeric", denominations: [],
  common_denominations: [], bill_check: false,
});
const catalogue = [p("D", "Digi Prepaid"), p("TNB", "Tenaga Nasional"), p("DI", "Digi Internet"), p("M", "Maxis")];

describe("rankProducts", () => {
  it("puts recent products first, then the catalogue order", () => {
    expect(rankProducts(catalogue, "", ["M", "TNB"]).map((x) => x.code)).toEqual(["M", "TNB", "D", "DI"]);
  });
  it("matches codes before names, case-insensitively", () => {
    expect(rankProducts(catalogue, "di", []).map((x) => x.code)).toEqual(["DI", "D"]);
    expect(rankProducts(catalogue, "tenaga", []).map((x) => x.code)).toEqual(["TNB"]);
    expect(rankProducts(catalogue, "zzz", [])).toEqual([]);
  });
});
