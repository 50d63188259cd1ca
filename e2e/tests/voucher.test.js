// A voucher (Grab Gift Code) sold from the keyboard: the result hands over its PIN,
// History lists it masked because the journal keeps the PIN sealed, and Show PIN opens
// that same PIN again until it is hidden or the cashier leaves the row. The simulator
// charged its refid once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, textOf, waitForElement, waitForText } from "../lib/screen.js";

const ACCOUNT = "0123456789";
// The simulator's PINs: ten of its unambiguous letters and digits.
const PIN_SHAPE = /^[A-HJ-NP-Z2-9]{10}$/;
let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

/** Whether `text` appears anywhere in the window's document, hidden parts included. */
function inDocument(browser, text) {
  return browser.execute((t) => document.documentElement.textContent.includes(t), text);
}

test("a voucher's PIN shows on its result, masked in History, and Show PIN reveals the same one", async () => {
  const { browser, sim } = world;
  const before = await sim.ledger();

  // GC sells fixed amounts (5, 10, 20, 50, 100); typed like a reload's.
  await enterReload(browser, "GC", ACCOUNT, "10");
  await confirmAndPay(browser);
  await waitForStatus(browser, /^Successful$/, 30_000);
  const refid = await resultRefid(browser);
  const pin = await waitForText(browser, ".result dd.big", PIN_SHAPE);
  assert.match(await textOf(browser, ".receipt-preview"), new RegExp(pin), "the receipt preview carries the PIN");
  assert.equal(await browser.$(".voucher-not-stored").isExisting(), false, "the journal kept it: no warning");
  assert.equal(await sim.charges(refid), 1);

  // Enter starts the next sale; F2 lists today's payments.
  await browser.keys(KEY.Enter);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000 });
  await browser.keys(KEY.F2);
  const row = `.history table.payments tbody tr`;
  const listed = await waitForText(browser, row, new RegExp(refid));
  assert.match(listed, /••••/, "masked");
  assert.match(listed, /Show PIN/);
  assert.equal(await inDocument(browser, pin), false, "the PIN is nowhere in the window until revealed");

  // Show PIN from the keyboard: the button focused, Enter.
  const show = await waitForElement(browser, `${row} .show-pin`);
  await browser.execute((el) => el.focus(), show);
  await browser.keys(KEY.Enter);
  assert.equal(await waitForText(browser, `${row} .voucher-pin`, PIN_SHAPE), pin, "the same PIN the sale showed");
  assert.match(await textOf(browser, `${row} .voucher-link`), /^https:\/\//, "and its gift link");
  assert.equal(await textOf(browser, `${row} .show-pin`), "Hide PIN");

  // Hide PIN masks it again.
  await browser.keys(KEY.Enter);
  await waitForText(browser, `${row} .voucher-masked`, /^••••$/);
  assert.equal(await inDocument(browser, pin), false, "hidden: gone from the window");

  // Revealed again, then the cashier moves on to the search box: leaving the row hides it.
  await browser.keys(KEY.Enter);
  await waitForText(browser, `${row} .voucher-pin`, new RegExp(`^${pin}$`));
  await browser.$("#history-search").click();
  await waitForText(browser, `${row} .voucher-masked`, /^••••$/);
  assert.equal(await inDocument(browser, pin), false, "left the row: gone from the window");

  assert.equal(await sim.charges(refid), 1, "revealing never charged again");
  assert.equal((await sim.ledger()).entries, before.entries + 1, "one charge in all");
});
