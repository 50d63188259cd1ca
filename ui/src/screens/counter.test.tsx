// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Counter } from "./counter";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, click, field, mount, press, pressHere, queryButton, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { billers, digi, hotlink, jompay, payment, plans, tnb } from "../testing/fixtures";
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

/** The confirm step's read-back, each label with its value. */
function readBack(): Record<string, string> {
  const terms = [...screen.root.querySelectorAll(".confirm-details dt")];
  return Object.fromEntries(terms.map((dt) => [textOf(dt), textOf(dt.nextElementSibling!)]));
}

/** The element with the focus, once the step that moves it has rendered. */
const focused = (id: string) => waitFor(() => expect(document.activeElement?.id).toBe(id));

/** Picks a product from the search by its code and Enter; focus moves to the account. */
async function pickByCode(code: string) {
  const search = await waitFor(() => field(screen.root, t("product_search")));
  await type(search, code);
  await press(search, "Enter");
  await focused("account");
}

// happy-dom submits no form on Enter, so these click Next where the window takes Enter
// (e2e/tests/catalog.test.js presses it).
describe("the counter from the keyboard", () => {
  it("moves through the search results with the arrow keys, and Enter takes the one highlighted", async () => {
    open({});
    const search = await waitFor(() => {
      button(screen.root, "D Digi Prepaid");
      return field(screen.root, t("product_search"));
    });
    const highlighted = () => screen.root.querySelector('.product-list li[aria-selected="true"]')?.textContent;
    expect(highlighted()).toContain("Digi Prepaid");
    await press(search, "ArrowDown");
    expect(highlighted()).toContain("Tenaga Nasional");
    expect(search.getAttribute("aria-activedescendant")).toBe("product-option-1");
    await press(search, "ArrowDown");
    expect(highlighted()).toContain("Digi Prepaid");
    await press(search, "ArrowUp");
    await press(search, "Enter");
    await waitFor(() => field(screen.root, "Account Number"));
    expect(textOf(screen.root.querySelector(".sale-product")!)).toBe("TNB Tenaga Nasional");
  });

  it("sells a data plan: the number's plans after the account, arrows and Enter pick one, its price is the amount", async () => {
    open({ products: [hotlink], options: plans, pay: (order: Order) => payment({ product: "HI", amount: order.amount }) });
    await pickByCode("HI");
    const account = field(screen.root, "Mobile Number");
    await type(account, "012-345 6788");
    await press(account, "Enter");
    await focused("choice");
    expect(platform.callsTo("options")).toEqual([["HI", "plan", "0123456788"]]);
    await waitFor(() => expect(textOf(screen.root)).toContain("Hotlink Internet Loyalty 20GB"));
    expect(textOf(screen.root)).toContain("RM 3.00 · 1 day");

    await pressHere("ArrowDown");
    await pressHere("Enter");
    await focused("amount");
    const amount = field(screen.root, t("amount")) as HTMLInputElement;
    expect(amount.value).toBe("20.00");
    expect(amount.readOnly).toBe(true);
    expect(textOf(screen.root)).toContain("Chosen: Hotlink Internet Loyalty 20GB HI_LOYAL20");
    // The list folds once a plan is taken, and opens again on it.
    expect(screen.root.querySelector("#choice-list")).toBeNull();
    field(screen.root, "Data plan").focus();
    await waitFor(() => expect(screen.root.querySelector('#choice-list li[aria-selected="true"]')?.textContent).toContain("HI_LOYAL20"));
    amount.focus();

    await click(button(screen.root, /^Next/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Confirm payment"));
    expect(readBack()).toMatchObject({ "Data plan": "Hotlink Internet Loyalty 20GB (HI_LOYAL20)", Amount: "RM 20.00" });
    await click(button(screen.root, /^Pay\b/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Successful"));
    const [[order]] = platform.callsTo("pay");
    expect(order).toMatchObject({ product: "HI", account: "0123456788", amount: "20.00", extras: { subproduct_code: "HI_LOYAL20" } });
  });

  it("asks for another number's plans when the number changes, and never shows a plan chosen for the old one", async () => {
    open({ products: [hotlink], options: plans });
    await pickByCode("HI");
    const account = field(screen.root, "Mobile Number");
    await type(account, "0123456788");
    await press(account, "Enter");
    await focused("choice");
    await pressHere("Enter");
    await focused("amount");
    await type(account, "0123456789");
    expect(textOf(screen.root)).not.toContain("Chosen:");
    await press(account, "Enter");
    await waitFor(() => expect(platform.callsTo("options")).toEqual([["HI", "plan", "0123456788"], ["HI", "plan", "0123456789"]]));
  });

  it("sells a JomPAY bill: the biller found by name, Ref-2 and the IC in labelled fields, all read back and sent as typed", async () => {
    open({ products: [jompay], options: billers, pay: (order: Order) => payment({ product: "JOMPAY", amount: order.amount }) });
    await pickByCode("JOMPAY");
    const account = field(screen.root, "Ref-1");
    await type(account, "INV1001");
    await press(account, "Enter");
    await focused("choice");
    // The bill check stays on its button: Enter went to the billers.
    expect(platform.callsTo("billCheck")).toEqual([]);
    await type(field(screen.root, "Biller (name or code)"), "takaful");
    expect(textOf(screen.root.querySelector("#choice-list")!)).not.toContain("Water");
    expect(textOf(screen.root)).toContain("RM 50.00 to RM 2,000.00");
    await pressHere("Enter");

    await focused("extra-ref2");
    await type(field(screen.root, "Ref-2 (optional)"), "R2-77");
    await pressHere("Enter");
    await focused("extra-ic_number");
    await type(field(screen.root, "IC number"), "900101-14-5678");
    await pressHere("Enter");
    await focused("amount");
    await type(field(screen.root, t("amount")), "150");
    await click(button(screen.root, /^Next/));

    await waitFor(() => expect(textOf(screen.root)).toContain("Confirm payment"));
    expect(readBack()).toEqual({
      Product: "JomPAY JOMPAY",
      Account: "INV1001",
      "Biller (name or code)": "Demo Takaful (9001)",
      "Ref-2": "R2-77",
      "IC number": "900101-14-5678",
      Amount: "RM 150.00",
    });
    await click(button(screen.root, /^Pay\b/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Successful"));
    // The core forms the IC (no dashes); the UI sends it as typed.
    expect(platform.callsTo("pay")[0][0].extras).toEqual({ biller_code: "9001", ref2: "R2-77", ic_number: "900101-14-5678" });
  });

  it("takes a biller code typed that the list does not hold, as typed", async () => {
    open({ products: [jompay], options: billers });
    await pickByCode("JOMPAY");
    await type(field(screen.root, "Ref-1"), "INV1001");
    await pressHere("Enter");
    await focused("choice");
    await type(field(screen.root, "Biller (name or code)"), "77001");
    expect(textOf(screen.root)).toContain("Biller code 77001, as typed: press Enter to use it");
    await pressHere("Enter");
    await focused("extra-ref2");
    expect(textOf(screen.root)).toContain("Chosen: 77001 77001");
  });

  it("names a blank IC beside its field and sends nothing; a refusal by the core at Pay comes back beside the field", async () => {
    open({
      products: [jompay],
      options: billers,
      pay: refuse({ kind: "invalid", field: "ic_number", problem: { code: "not_an_ic_number" } }),
    });
    await pickByCode("JOMPAY");
    await type(field(screen.root, "Ref-1"), "INV1001");
    await pressHere("Enter");
    await focused("choice");
    await pressHere("Enter");
    await type(field(screen.root, t("amount")), "50");
    await click(button(screen.root, /^Next/));

    await focused("extra-ic_number");
    const ic = field(screen.root, "IC number");
    expect(ic.getAttribute("aria-invalid")).toBe("true");
    expect(textOf(screen.root.querySelector("#extra-ic_number-error")!)).toBe("IC number: required");
    expect(textOf(screen.root)).not.toContain("Confirm payment");

    await type(ic, "900101-14-567");
    await click(button(screen.root, /^Next/));
    await click(await waitFor(() => button(screen.root, /^Pay\b/)));
    await focused("extra-ic_number");
    expect(textOf(screen.root)).toContain("Not paid: nothing was sent and the customer was not charged.");
    expect(textOf(screen.root.querySelector("#extra-ic_number-error")!)).toBe(
      "IC number: not an IC number of 12 digits like 900101-14-5678, nor a passport number",
    );
    // Back to the form as typed, to fix the one field.
    expect(field(screen.root, "IC number").value).toBe("900101-14-567");
    expect(textOf(screen.root)).toContain("Chosen: Demo Water Board 5454");
  });

  it("labels the choices and extras in Malay", async () => {
    setLanguage("ms");
    open({ products: [jompay], options: billers });
    await pickByCode("JOMPAY");
    await type(field(screen.root, "Ref-1"), "INV1001");
    await pressHere("Enter");
    await focused("choice");
    field(screen.root, "Pengebil (nama atau kod)");
    field(screen.root, "Nombor IC");
    field(screen.root, "Ref-2 (pilihan)");
    expect(textOf(screen.root)).toContain("↑ ↓ untuk bergerak, Enter untuk memilih");
    expect(textOf(screen.root)).toContain("RM 1.00 hingga RM 5,000.00");
  });

  it("says why the choices could not be listed, beside the choice field", async () => {
    open({ products: [hotlink], options: refuse({ kind: "unavailable" }) });
    await pickByCode("HI");
    await type(field(screen.root, "Mobile Number"), "0123456788");
    await pressHere("Enter");
    await waitFor(() => expect(textOf(screen.root.querySelector("#choice-error")!)).toContain("IIMMPACT cannot be reached"));
  });

  it("fills a common denomination with its letter key and steps through the amounts with the arrows", async () => {
    open({});
    await pickByCode("D");
    await type(field(screen.root, "Mobile Number"), "0123456789");
    await pressHere("Enter");
    await focused("amount");
    const amount = field(screen.root, t("amount"));
    expect(button(screen.root, "A RM 10.00").getAttribute("aria-keyshortcuts")).toBe("A");
    await pressHere("a");
    expect(amount.value).toBe("10.00");
    await pressHere("ArrowDown");
    expect(amount.value).toBe("30.00");
    await pressHere("ArrowDown");
    expect(amount.value).toBe("5.00");
    await click(button(screen.root, /^Next/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Confirm payment"));
    expect(textOf(screen.root)).toContain("RM 5.00");
  });

  it("puts a checked bill's outstanding amount on key A and reads the customer back on the confirm step", async () => {
    open({ billCheck: { message: "Bill found", may_pay: true, customer_name: "AHMAD BIN ALI", outstanding: "84.20", likely_refused: false } });
    await pickByCode("TNB");
    const account = field(screen.root, "Account Number");
    await type(account, "220012345678");
    await press(account, "Enter");
    await waitFor(() => expect(textOf(screen.root)).toContain("AHMAD BIN ALI"));
    await press(account, "Enter");
    await focused("amount");
    button(screen.root, "A Outstanding RM 84.20");
    await pressHere("A");
    expect(field(screen.root, t("amount")).value).toBe("84.20");
    await click(button(screen.root, /^Next/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Confirm payment"));
    expect(readBack()).toMatchObject({ Customer: "AHMAD BIN ALI", Amount: "RM 84.20" });
  });
});
