// The simulator commits a payment and drops the connection before answering: the
// counter shows it as open, it is re-checked under the same refid (by the core in the
// background, and by the cashier's Re-check), and it ends successful with one charge.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, textOf, waitForText } from "../lib/screen.js";

// Longer than the app's own polling of one payment (8 s), so the result screen opens
// while the payment is still processing and is settled only by a later re-check.
const PROCESSING_MS = 10_000;
let world;
before(async () => {
  world = await withSimulator({ "processing-delay-ms": PROCESSING_MS });
});
after(() => world?.close());

test("a reply lost after commit is shown open, then resolved to one charge", async () => {
  const { browser, sim } = world;
  await sim.post("faults", { path: "/v2/topup", count: 1, kind: "drop_after_commit" });

  await enterReload(browser, "D", "0123456789", "10");
  await confirmAndPay(browser);

  const open = await waitForStatus(browser, /^(Pending|Unclear: re-checking)$/, 20_000);
  const refid = await resultRefid(browser);
  assert.match(await textOf(browser, ".result"), /never charged twice/, `shown as ${open}, with the reassurance`);
  assert.equal(await sim.charges(refid), 1, "the dropped request was committed");

  // The result screen follows the payment's updates; Re-check asks at once.
  await browser.waitUntil(
    async () => {
      const recheck = await browser.$(".result .recheck");
      if (await recheck.isExisting()) await recheck.click();
      return /^Successful$/.test((await textOf(browser, ".result .result-status .status")) ?? "");
    },
    { timeout: 30_000, interval: 2_000, timeoutMsg: "the payment never showed Successful" },
  );
  assert.equal(await sim.charges(refid), 1, "re-checks under the same refid never charged again");
  assert.ok((await sim.requests("/v2/topup")) > 1, "the outcome was asked for again");

  await browser.keys(KEY.F2);
  assert.match(await waitForText(browser, ".history table.payments tbody tr", new RegExp(refid)), /Successful/);
});
