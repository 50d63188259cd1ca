// A reload paid from the keyboard alone, its receipt, and the payment in History and in
// the lookup; the simulator charged its refid exactly once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { enterReload, resultRefid, waitForPayArmed, waitForStatus } from "../lib/counter.js";
import { KEY, screenshot, textOf, type, waitForText } from "../lib/screen.js";

const ACCOUNT = "0123456789";
let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

test("a reload paid with the keyboard alone is charged once and shows in History", async () => {
  const { browser, sim } = world;
  const before = await sim.ledger();
  assert.match(await textOf(browser, ".env-badge"), /^demo$/i);

  await enterReload(browser, "D", ACCOUNT, "10");
  await screenshot(browser, "counter");
  await browser.keys(KEY.Enter);

  await waitForPayArmed(browser);
  assert.match(await textOf(browser, ".confirm-details"), new RegExp(`${ACCOUNT}[\\s\\S]*RM\\s?10\\.00`));
  await screenshot(browser, "confirm");
  await browser.keys(KEY.Enter);

  await waitForStatus(browser, /^Successful$/, 30_000);
  const refid = await resultRefid(browser);
  assert.match(await textOf(browser, ".result .confirm-details"), new RegExp(ACCOUNT));
  // The receipt preview beside the result repeats the refid the customer may quote.
  assert.match(await textOf(browser, ".receipt"), new RegExp(refid));
  await screenshot(browser, "result-receipt");
  assert.equal(await sim.charges(refid), 1);
  const afterPay = await sim.ledger();
  assert.ok(afterPay.balance < before.balance, "the wallet was debited");

  // Enter starts the next sale; F2 shows today's payments.
  await browser.keys(KEY.Enter);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000 });
  await browser.keys(KEY.F2);
  const row = await waitForText(browser, ".history table.payments tbody tr", new RegExp(refid));
  assert.match(row, /Successful/);
  assert.match(row, new RegExp(ACCOUNT));
  await screenshot(browser, "history");

  // "Was this customer charged?": F5, the account, Enter.
  await browser.keys(KEY.F5);
  await browser.waitUntil(() => browser.$("#lookup-query").isFocused(), { timeout: 5_000 });
  await type(browser, ACCOUNT);
  await browser.keys(KEY.Enter);
  assert.match(await waitForText(browser, ".lookup-results tbody tr", new RegExp(refid)), /Successful/);
  await screenshot(browser, "lookup");

  assert.equal(await sim.charges(refid), 1, "re-checks and History never charged again");
});
