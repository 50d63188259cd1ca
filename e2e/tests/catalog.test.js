// The whole catalogue from the keyboard alone: a data plan chosen from the number's own
// options, a JomPAY bill with Ref-2 and the payer's IC, a voucher whose PIN reaches the
// receipt, a bill's outstanding amount one key away, and a JomPAY refused before anything
// is sent when the IC is missing or malformed. Each is checked against the simulator's
// ledger: one charge, and the extras it received.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { listChoices, pickProduct, resultRefid, waitForFocus, waitForPayArmed, waitForStatus } from "../lib/counter.js";
import { KEY, screenshot, textOf, type, waitForText } from "../lib/screen.js";

const TOPUP = "/v2/topup";
const SELECTED = '#choice-list li[aria-selected="true"]';
let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

/** A description list's terms, each with its value. */
function terms(browser, selector) {
  return browser.execute(
    (sel) => Object.fromEntries([...document.querySelectorAll(`${sel} dt`)].map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()])),
    selector,
  );
}

/** Enter on the amount opens the confirm step; returns its read-back once Pay is armed. */
async function toConfirm(browser) {
  await browser.keys(KEY.Enter);
  await waitForPayArmed(browser);
  return textOf(browser, ".confirm-details");
}

/** A fresh Enter pays; returns the refid once the result reads Successful. */
async function payNow(browser) {
  await browser.keys(KEY.Enter);
  await waitForStatus(browser, /^Successful$/, 30_000);
  return resultRefid(browser);
}

/** Enter on the result starts the next sale. */
async function newSale(browser) {
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#product-search");
}

test("a data plan chosen with the arrow keys from the number's own plans is paid at its price", async () => {
  const { browser, sim } = world;
  await pickProduct(browser, "HI");
  // A number ending in an even digit is also offered the loyalty plan: plans are per number.
  await type(browser, "0123456788");
  await listChoices(browser);
  assert.match(await textOf(browser, "#choice-list"), /Loyalty 20GB/);
  await waitForText(browser, SELECTED, /HI_DAY1GB/);
  for (let i = 0; i < 3; i++) await browser.keys(KEY.ArrowDown);
  await waitForText(browser, SELECTED, /Hotlink Internet Loyalty 20GB[\s\S]*HI_LOYAL20[\s\S]*RM\s?20\.00/);
  await screenshot(browser, "counter-plan");
  await browser.keys(KEY.Enter);

  // The plan's price is the amount: nothing to type.
  await waitForFocus(browser, "#amount");
  assert.equal(await browser.$("#amount").getValue(), "20.00");
  const confirm = await toConfirm(browser);
  assert.match(confirm, /Data plan\s*Hotlink Internet Loyalty 20GB \(HI_LOYAL20\)/);
  assert.match(confirm, /0123456788[\s\S]*RM\s?20\.00/);
  const refid = await payNow(browser);

  assert.equal(await sim.charges(refid), 1);
  assert.deepEqual(await sim.extras(refid), { subproduct_code: "HI_LOYAL20" });
  await newSale(browser);
});

test("a JomPAY bill: the biller searched by name, Ref-2 and the payer's IC, received without dashes", async () => {
  const { browser, sim } = world;
  await pickProduct(browser, "JOMPAY");
  await type(browser, "INV20261125");
  await listChoices(browser);
  await type(browser, "water");
  await waitForText(browser, SELECTED, /Demo Water Board[\s\S]*5454/);
  await browser.keys(KEY.Enter);

  await waitForFocus(browser, "#extra-ref2");
  await type(browser, "ACC-778899");
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#extra-ic_number");
  await type(browser, "900101-14-5678");
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#amount");
  await type(browser, "150.50");
  const confirm = await toConfirm(browser);
  assert.match(confirm, /Biller \(name or code\)\s*Demo Water Board \(5454\)/);
  assert.match(confirm, /Ref-2\s*ACC-778899/);
  assert.match(confirm, /IC number\s*900101-14-5678/);
  assert.match(confirm, /RM\s?150\.50/);
  await screenshot(browser, "confirm-jompay");
  const refid = await payNow(browser);

  assert.equal(await sim.charges(refid), 1);
  assert.deepEqual(await sim.extras(refid), { biller_code: "5454", ref2: "ACC-778899", ic_number: "900101145678" });
  await newSale(browser);
});

test("a voucher bought with its amount's letter key hands over its PIN on the receipt", async () => {
  const { browser, sim } = world;
  await pickProduct(browser, "GC");
  await type(browser, "0123456789");
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#amount");
  // The common denominations carry their keys on their buttons.
  assert.match(await textOf(browser, ".denominations"), /A\s*RM\s?10\.00[\s\S]*B\s*RM\s?50\.00/);
  await type(browser, "a");
  // The amount as the product list gives it ("10").
  await browser.waitUntil(async () => /^10(\.00)?$/.test(await browser.$("#amount").getValue()), { timeout: 5_000, timeoutMsg: "A never filled in RM 10" });
  assert.match(await toConfirm(browser), /RM\s?10\.00/);
  const refid = await payNow(browser);

  const pin = await waitForText(browser, ".result dd.big", /^[A-HJ-NP-Z2-9]{10}$/);
  assert.match(await waitForText(browser, ".receipt-preview", new RegExp(pin)), new RegExp(pin), "the receipt carries the PIN");
  assert.equal(await sim.charges(refid), 1);
  assert.deepEqual(await sim.extras(refid), {}, "a voucher takes no extras");
  await newSale(browser);
});

test("a bill's outstanding amount is one key away, and the confirm step names the customer", async () => {
  const { browser, sim } = world;
  await pickProduct(browser, "SYABAS");
  await type(browser, "220411163904");
  await browser.keys(KEY.Enter);
  await waitForText(browser, ".sale dl.bill", /Customer[\s\S]*Outstanding[\s\S]*RM/);
  const bill = await terms(browser, ".sale dl.bill");
  const { Customer: customer, Outstanding: outstanding } = bill;
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#amount");
  await waitForText(browser, ".denominations", /A\s*Outstanding RM/);
  await type(browser, "a");
  await browser.waitUntil(async () => (await browser.$("#amount").getValue()) !== "", { timeout: 5_000, timeoutMsg: "A filled in nothing" });
  await toConfirm(browser);
  const readBack = await terms(browser, ".confirm-details");
  assert.equal(readBack.Customer, customer);
  assert.equal(readBack.Amount, outstanding, "the outstanding amount is the amount paid");
  const refid = await payNow(browser);
  assert.equal(await sim.charges(refid), 1);
  await newSale(browser);
});

test("a JomPAY without the payer's IC, or with a malformed one, is refused before anything is sent", async () => {
  const { browser, sim } = world;
  const topups = await sim.requests(TOPUP);
  const entries = (await sim.ledger()).entries;

  await pickProduct(browser, "JOMPAY");
  await type(browser, "INV20261126");
  await listChoices(browser);
  // A biller code typed finds its biller too.
  await type(browser, "68502");
  await waitForText(browser, SELECTED, /68502/);
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#extra-ref2");
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#extra-ic_number");
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#amount");
  await type(browser, "50");

  // Blank: named beside the IC field, which takes the focus; no confirm step.
  await browser.keys(KEY.Enter);
  await waitForText(browser, "#extra-ic_number-error", /^IC number: required$/);
  await waitForFocus(browser, "#extra-ic_number");
  assert.equal(await browser.$(".confirm").isExisting(), false);

  // Malformed: the form only hints, the core refuses it at Pay, and the form names it.
  await type(browser, "900101-14-567");
  await browser.keys(KEY.Enter);
  await waitForFocus(browser, "#amount");
  await toConfirm(browser);
  await browser.keys(KEY.Enter);
  await waitForText(browser, "#extra-ic_number-error", /^IC number: not an IC number of 12 digits/);
  await waitForText(browser, ".sale .banner.error", /^Not paid: nothing was sent/);
  await waitForFocus(browser, "#extra-ic_number");
  await screenshot(browser, "counter-jompay-refused");

  assert.equal(await sim.requests(TOPUP), topups, "no top-up request reached the simulator");
  assert.equal((await sim.ledger()).entries, entries, "nothing charged");
  await browser.keys(KEY.Esc);
  await waitForFocus(browser, "#product-search");
});
