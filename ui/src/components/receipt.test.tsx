// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { Receipt } from "./receipt";
import { setLanguage } from "../i18n";
import { createTestPlatform } from "../testing/platform";
import { mount, textOf, type Mounted } from "../testing/screen";
import type { Receipt as ReceiptModel } from "../types";

let screen: Mounted;
afterEach(() => {
  screen.unmount();
  setLanguage("en");
});

const voucher: ReceiptModel = {
  heading: ["Kedai Ali", "Jalan Ampang, KL"],
  state: "succeeded",
  pin_not_kept: false,
  lines: [
    { field: "date", value: "25/11/2026 01:30:05" },
    { field: "refid", value: "KTR-20261125-00000000000000ff" },
    { field: "amount", value: "RM 5.00" },
    { field: "pin", value: "MPHE39G3WL" },
  ],
};

function rows(root: HTMLElement): string[][] {
  const terms = [...root.querySelectorAll("dt")].map((dt) => dt.textContent ?? "");
  const values = [...root.querySelectorAll("dd")].map((dd) => dd.textContent ?? "");
  return terms.map((term, i) => [term, values[i]]);
}

describe("the receipt the core lays out", () => {
  it("prints the core's values under our labels, in the cashier's language", () => {
    setLanguage("ms");
    screen = mount(<Receipt receipt={voucher} />, createTestPlatform());
    expect(textOf(screen.root.querySelector("h1")!)).toBe("Kedai Ali");
    expect(rows(screen.root)).toEqual([
      ["Tarikh", "25/11/2026 01:30:05"],
      ["Rujukan", "KTR-20261125-00000000000000ff"],
      ["Jumlah", "RM 5.00"],
      ["PIN", "MPHE39G3WL"],
      ["Status", "Berjaya"],
    ]);
    expect(textOf(screen.root)).toContain("GMT+8");
  });

  it("says when a voucher's PIN was not kept, and falls back to the app's name", () => {
    screen = mount(<Receipt receipt={{ ...voucher, heading: [], pin_not_kept: true, lines: [] }} />, createTestPlatform());
    expect(textOf(screen.root.querySelector("h1")!)).toBe("Kaunter");
    expect(rows(screen.root)).toContainEqual(["PIN", "Not kept on this PC"]);
  });
});
