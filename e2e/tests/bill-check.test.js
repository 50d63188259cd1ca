// Bill checks before paying: a biller that presents the whole bill, one that presents
// nothing (paying is still allowed), and an invalid account (paying is blocked).
// Checking a bill costs nothing and pays nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { pickProduct } from "../lib/counter.js";
import { KEY, retype, screenshot, textOf, type, waitForText } from "../lib/screen.js";

const VALID = "220411163904";
const BILL_PATH = "/v2/bill-presentment";
let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

/**
 * Picks `product`, types `account` and presses Enter, which runs the bill check; returns
 * once its reply is on screen, then presses Enter again to move on to the amount.
 */
async function checkBill(browser, sim, product, account) {
  const asked = await sim.requests(BILL_PATH);
  await pickProduct(browser, product);
  await type(browser, account);
  await browser.keys(KEY.Enter);
  // The button reads "Checking…" from before the request leaves until its reply is shown.
  await browser.waitUntil(async () => (await sim.requests(BILL_PATH)) > asked, { timeout: 10_000, timeoutMsg: "no bill check reached the simulator" });
  await waitForText(browser, ".sale .row button", /^Check bill$/);
  await browser.keys(KEY.Enter);
}

/** Esc on the entry form starts a new sale. */
async function startOver(browser) {
  await browser.keys(KEY.Esc);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000 });
}

test("a full bill, a bill with nothing to show, and an invalid account", async () => {
  const { browser, sim } = world;
  const ledgerBefore = await sim.ledger();

  // SYABAS presents the customer, the outstanding amount and the due date.
  await checkBill(browser, sim, "SYABAS", VALID);
  const bill = await waitForText(browser, ".sale dl.bill", /Customer[\s\S]*Outstanding[\s\S]*RM[\s\S]*Due date/);
  assert.match(bill, /Due date\s*\d{2}\/\d{2}\/\d{4}/);
  assert.ok(await browser.$("#amount").isFocused(), "after the check, Enter moves on to the amount");
  await type(browser, "120.50");
  assert.ok(await browser.$(".sale button[type=submit]").isEnabled());
  await screenshot(browser, "counter-bill");
  await startOver(browser);

  // PWB presents none of those fields: nothing is shown, nothing blocks.
  await checkBill(browser, sim, "PWB", VALID);
  const pwb = (await textOf(browser, ".sale dl.bill")) ?? "";
  assert.doesNotMatch(pwb, /Customer|Outstanding|Due date/);
  assert.equal(await browser.$(".sale .banner").isExisting(), false, "no warning or refusal for PWB");
  assert.ok(await browser.$(".sale button[type=submit]").isEnabled(), "PWB may be paid");
  await startOver(browser);

  // The biller says the account does not exist: Next is off and Enter does nothing.
  await checkBill(browser, sim, "SYABAS", "000123456");
  assert.match(await waitForText(browser, ".sale .banner.error", /Invalid account/i), /Invalid account no/i);
  assert.equal(await browser.$(".sale button[type=submit]").isEnabled(), false, "an invalid account cannot be paid");
  await retype(browser, "#amount", "50");
  await browser.keys(KEY.Enter);
  assert.equal(await browser.$(".confirm").isExisting(), false, "Enter did not reach the confirm step");
  await screenshot(browser, "counter-invalid-account");

  const stats = await sim.get("stats");
  assert.equal(stats.requests_per_path[BILL_PATH], 3, "one bill check per account");
  assert.equal(stats.requests_per_path["/v2/topup"] ?? 0, 0, "no payment was sent");
  assert.deepEqual(await sim.ledger(), ledgerBefore, "bill checks cost nothing");
});
