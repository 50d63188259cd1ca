// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Counter } from "./counter";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, click, field, mount, press, pressHere, queryButton, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { digi, payment, tnb } from "../testing/fixtures";
import { setLanguage, t } from "../i18n";
import type { Order } from "../payflow";

let screen: Mounted;
let platform: TestPlatform;
const onPaid = vi.fn();

function open(replies: Replies) {
  platform = createTestPlatform({ products: [digi, tnb], networkStatus: { product_code: "D", product_name: "Digi Prepaid", status: "Healthy", warning: false }, ...replies });
  screen = mount(<Counter online readOnly={false} onPaid={onPaid} onPrint={() => {}} />, platform);
}

/** Picks Digi by typing its name and Enter, then fills in the sale, by the labels in the current language. */
async function enterSale(account: string, amount: string) {
  const search = await waitFor(() => {
    button(screen.root, "D Digi Prepaid");
    return field(screen.root, t("product_search"));
  });
  await type(search, "digi");
  await press(search, "Enter");
  const accountField = await waitFor(() => field(screen.root, "Mobile Number"));
  await type(accountField, account);
  await type(field(screen.root, t("amount")), amount);
  await click(button(screen.root, new RegExp(`^${t("next")}`)));
}

beforeEach(() => {
  localStorage.clear();
  onPaid.mockReset();
});
afterEach(() => {
  screen.unmount();
  setLanguage("en");
});

describe("the counter", () => {
  it("sells a reload: search, account, amount, confirm, then the result with its PIN", async () => {
    open({ pay: (order: Order) => payment({ account: order.account, amount: order.amount, pin: "1234 5678 9012", has_pin: true }) });
    await enterSale("012-345 6789", "10");

    // Read back before anything is sent.
    await waitFor(() => expect(textOf(screen.root)).toContain("Confirm payment"));
    expect(textOf(screen.root)).toContain("0123456789");
    expect(textOf(screen.root)).toContain("RM 10.00");
    expect(platform.callsTo("pay")).toEqual([]);
    expect(platform.callsTo("networkStatus")).toEqual([["D"]]);

    await click(button(screen.root, /^Pay\b/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Successful"));
    expect(platform.callsTo("pay")).toEqual([
      [{ product: "D", productName: "Digi Prepaid", account: "0123456789", amount: "10.00" }, false],
    ]);
    expect(textOf(screen.root)).toContain("KTR-20261125-0000000000000001");
    expect(textOf(screen.root)).toContain("1234 5678 9012");
    expect(onPaid).toHaveBeenCalled();
  });

  it("pays once however often Pay is clicked while the reply is on its way", async () => {
    let reply!: (p: ReturnType<typeof payment>) => void;
    open({ pay: () => new Promise((resolve) => (reply = resolve)) });
    await enterSale("0123456789", "5");
    const pay = await waitFor(() => button(screen.root, /^Pay\b/));
    await click(pay);
    await click(pay);
    await waitFor(() => expect(textOf(screen.root)).toContain("Sending…"));
    await click(button(screen.root, /^Sending…/));
    reply(payment({ amount: "5.00" }));
    await waitFor(() => expect(textOf(screen.root)).toContain("Successful"));
    expect(platform.callsTo("pay")).toHaveLength(1);
  });

  it("says a refused payment was not paid, and Esc goes back to the sale as typed", async () => {
    open({ pay: refuse({ kind: "refused", status: 400, detail: "Insufficient wallet balance" }) });
    await enterSale("0123456789", "30");
    await click(await waitFor(() => button(screen.root, /^Pay\b/)));

    await waitFor(() => expect(textOf(screen.root)).toContain("Not paid: nothing was sent and the customer was not charged."));
    expect(textOf(screen.root)).toContain("Insufficient wallet balance");

    await pressHere("Escape");
    const account = await waitFor(() => field(screen.root, "Mobile Number"));
    expect(account.value).toBe("0123456789");
    expect(field(screen.root, "Amount (RM)").value).toBe("30");
    expect(platform.callsTo("pay")).toHaveLength(1);
  });

  it("says the core's refusal in Malay, naming the field by its Malay label", async () => {
    setLanguage("ms");
    open({ pay: refuse({ kind: "invalid", field: "amount", problem: { code: "above_max", max: "1000000" } }) });
    await enterSale("0123456789", "10");
    await click(await waitFor(() => button(screen.root, /^Bayar\b/)));

    await waitFor(() => expect(textOf(screen.root)).toContain("Jumlah (RM): mesti tidak lebih daripada RM 1,000,000.00"));
    expect(textOf(screen.root)).toContain("Tidak dibayar: tiada apa-apa dihantar dan pelanggan tidak dicaj.");
    expect(textOf(screen.root)).not.toContain("Amount");
  });

  it("keeps an account that is not a mobile number from the confirm step", async () => {
    open({});
    await enterSale("12345", "10");
    await waitFor(() => expect(textOf(screen.root)).toContain("Enter a Malaysian mobile number, e.g. 0123456789"));
    expect(field(screen.root, "Mobile Number").getAttribute("aria-invalid")).toBe("true");
    expect(textOf(screen.root)).not.toContain("Confirm payment");
  });

  it("checks a bill on Enter in the account field and blocks paying an invalid account", async () => {
    open({ billCheck: { message: "Invalid account no", may_pay: false, refusal: "Invalid account no", likely_refused: false } });
    await click(await waitFor(() => button(screen.root, "TNB Tenaga Nasional")));
    const account = await waitFor(() => field(screen.root, "Account Number"));
    await type(account, "2200 1234 5678");
    await press(account, "Enter");

    await waitFor(() => expect(textOf(screen.root)).toContain("Invalid account no"));
    expect(platform.callsTo("billCheck")).toEqual([["TNB", "220012345678"]]);
    expect(button(screen.root, /^Next/).disabled).toBe(true);
  });

  it("shows the bill's customer and lets the sale go on", async () => {
    open({ billCheck: { message: "Bill found", may_pay: true, customer_name: "AHMAD BIN ALI", outstanding: "84.20", likely_refused: false } });
    await click(await waitFor(() => button(screen.root, "TNB Tenaga Nasional")));
    await type(await waitFor(() => field(screen.root, "Account Number")), "220012345678");
    await click(button(screen.root, "Check bill"));
    await waitFor(() => expect(textOf(screen.root)).toContain("AHMAD BIN ALI"));
    expect(textOf(screen.root)).toContain("RM 84.20");
    expect(button(screen.root, /^Next/).disabled).toBe(false);
  });

  it("starts over on Esc from the entry form", async () => {
    open({});
    await enterSale("0123456789", "");
    await waitFor(() => expect(textOf(screen.root)).toContain("Enter an amount"));
    await pressHere("Escape");
    await waitFor(() => expect(queryButton(screen.root, /^Next/)).toBeNull());
    expect(field(screen.root, "Search product by name or code").value).toBe("");
    await settle();
    expect(platform.callsTo("pay")).toEqual([]);
  });
});
