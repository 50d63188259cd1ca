// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { PAGE_MARGIN_MM, Receipt, pageRule } from "./receipt";
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
  width: "80mm",
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

describe("the printed receipt follows the paper in Settings", () => {
  // happy-dom drops @page rules it cannot parse, so the text given to each sheet is kept.
  const given = new Map<CSSStyleSheet, string>();
  const pageRules = () => document.adoptedStyleSheets.map((sheet) => given.get(sheet) ?? "").join("\n");
  const replaceSync = CSSStyleSheet.prototype.replaceSync;
  vi.spyOn(CSSStyleSheet.prototype, "replaceSync").mockImplementation(function (this: CSSStyleSheet, text: string) {
    given.set(this, text);
    replaceSync.call(this, text);
  });

  it("marks the print view with its paper and sets the page to that width", () => {
    screen = mount(<Receipt receipt={{ ...voucher, width: "58mm" }} />, createTestPlatform());
    const print = screen.root.querySelector(".receipt-print")!;
    expect(print.getAttribute("data-width")).toBe("58mm");
    expect(pageRules()).toMatch(/^@page \{ size: 58mm \d+mm; margin: \d+mm; \}$/);
    screen.unmount();
    expect(pageRules()).toBe("");
    screen = mount(<Receipt receipt={voucher} />, createTestPlatform());
    expect(screen.root.querySelector(".receipt-print")!.getAttribute("data-width")).toBe("80mm");
    expect(pageRules()).toMatch(/^@page \{ size: 80mm \d+mm; margin: \d+mm; \}$/);
  });

  it("leaves the page alone for the on-screen preview, which still shows the paper", () => {
    screen = mount(<Receipt receipt={{ ...voucher, width: "58mm" }} preview />, createTestPlatform());
    expect(screen.root.querySelector(".receipt-preview")!.getAttribute("data-width")).toBe("58mm");
    expect(pageRules()).toBe("");
  });

  it("makes the page as long as the receipt, in valid @page syntax", () => {
    // 375 px is just under 100 mm at CSS's 96 px to the inch; the margins top and bottom are added.
    expect(pageRule("80mm", 375)).toBe(`@page { size: 80mm ${100 + 2 * PAGE_MARGIN_MM}mm; margin: ${PAGE_MARGIN_MM}mm; }`);
    expect(pageRule("58mm", 10)).toMatch(/^@page \{ size: 58mm \d+mm; margin: \d+mm; \}$/);
    // Not measured: one long page rather than a receipt cut across pages.
    expect(pageRule("58mm", 0)).toBe(`@page { size: 58mm 297mm; margin: ${PAGE_MARGIN_MM}mm; }`);
  });
});
