// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { App } from "./app";
import { createTestPlatform, type TestPlatform } from "./testing/platform";
import { button, field, mount, press, pressHere, queryButton, textOf, type, waitFor, click, type Mounted } from "./testing/screen";
import { digi, payment, settings } from "./testing/fixtures";
import type { Payment } from "./types";

let screen: Mounted;
let platform: TestPlatform;

// What the journal would never send, but a bug on either side of IPC could: a row without its amount.
const malformed = { ...payment(), amount: undefined } as unknown as Payment;

function start() {
  platform = createTestPlatform({
    settings,
    appStatus: { environment: "demo" },
    balance: { balance: "500.00", account: "M1001", name: "Kedai Runcit Ali", may_pay: true },
    blockStatus: null,
    lowBalanceThreshold: { amount: "50.00", source: "settings" },
    products: [digi],
    networkStatus: { product_code: "D", product_name: "Digi Prepaid", status: "Healthy", warning: false },
    history: [malformed],
    dayTotals: { day: "2026-11-25", by_state: [] },
    lookup: [],
  });
  screen = mount(<App />, platform);
}

const onCounter = () => field(screen.root, "Search product by name or code");

beforeEach(() => localStorage.clear());
afterEach(() => {
  screen.unmount();
});

describe("the app", () => {
  it("keeps the header when a screen fails to render, logs it, and goes back to the counter", async () => {
    start();
    await waitFor(onCounter);
    await pressHere("F2");

    await waitFor(() => expect(textOf(screen.root)).toContain("This screen could not be shown"));
    expect(textOf(screen.root)).toContain("RM 500.00");
    await waitFor(() => expect(platform.callsTo("logUiError")).toHaveLength(1));
    expect(platform.callsTo("logUiError")[0][0].message).toMatch(/trim/);

    await click(button(screen.root, "Back to the counter Enter"));
    await waitFor(onCounter);
    expect(textOf(screen.root)).not.toContain("This screen could not be shown");
  });

  it("leaves a failed screen behind on a function key", async () => {
    start();
    await waitFor(onCounter);
    await pressHere("F2");
    await waitFor(() => button(screen.root, "Back to the counter Enter"));
    await pressHere("F1");
    await waitFor(onCounter);
    expect(queryButton(screen.root, "Back to the counter Enter")).toBeNull();
  });

  it("closes the lookup on Esc and keeps the sale behind it", async () => {
    start();
    const search = await waitFor(onCounter);
    await waitFor(() => button(screen.root, "D Digi Prepaid"));
    await type(search, "D");
    await press(search, "Enter");
    await type(await waitFor(() => field(screen.root, "Mobile Number")), "0123456789");

    await pressHere("F5");
    await waitFor(() => screen.root.querySelector("dialog.lookup"));
    await pressHere("Escape");
    await waitFor(() => expect(screen.root.querySelector("dialog.lookup")).toBeNull());
    expect(field(screen.root, "Mobile Number").value).toBe("0123456789");

    // With the lookup gone, Esc is the sale's again: it starts over.
    await pressHere("Escape");
    await waitFor(() => expect(textOf(screen.root)).toContain("Choose a product"));
  });

  it("opens Reconcile on F6, marked in the header, and Esc goes back to the counter", async () => {
    start();
    await waitFor(onCounter);
    await pressHere("F6");
    await waitFor(() => expect(textOf(screen.root)).toContain("Reconcile with IIMMPACT"));
    expect(textOf(screen.root.querySelector('.tab[aria-current="page"]')!)).toBe("F6 Reconcile");
    expect(platform.callsTo("reconcile")).toEqual([]);
    await pressHere("Escape");
    await waitFor(onCounter);
  });

  it("opens Reports on F7, asking nothing until told, and Esc goes back to the counter", async () => {
    start();
    await waitFor(onCounter);
    await pressHere("F7");
    await waitFor(() => expect(textOf(screen.root)).toContain("Summaries and reports"));
    expect(textOf(screen.root.querySelector('.tab[aria-current="page"]')!)).toBe("F7 Reports");
    expect(platform.callsTo("transactionSummary")).toEqual([]);
    await pressHere("Escape");
    await waitFor(onCounter);
  });
});
