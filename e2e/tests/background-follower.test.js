// A payment whose reply was lost is settled by the app's background follower alone:
// the cashier leaves it at once and never presses Re-check, and History, left open,
// shows it turn Successful. One charge in the simulator's ledger is the proof that
// following re-sends under the same refid and never pays again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, textOf, waitForText } from "../lib/screen.js";

// Longer than the app's own polling of a payment it just sent (8 s), so the result
// screen opens on an open payment: whatever settles it afterwards is the follower.
const PROCESSING_MS = 10_000;
// The follower's backoff doubles from 2 s with each attempt, counting the ones made
// while paying, so its first re-check comes about half a minute after the result shows.
const FOLLOW_TIMEOUT_MS = 75_000;
let world;
before(async () => {
  world = await withSimulator({ "processing-delay-ms": PROCESSING_MS });
});
after(() => world?.close());

test("a payment left open is settled in the background, and History shows it change", async (t) => {
  const { browser, sim } = world;
  await sim.post("faults", { path: "/v2/topup", count: 1, kind: "drop_after_commit" });

  await enterReload(browser, "D", "0123456789", "10");
  await confirmAndPay(browser);
  await waitForStatus(browser, /^(Pending|Unclear: re-checking)$/, 20_000);
  const refid = await resultRefid(browser);
  assert.equal(await sim.charges(refid), 1, "the dropped request was committed");

  // Leave the payment at once: a new sale, then History.
  await browser.keys(KEY.Esc);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000, timeoutMsg: "Esc did not start a new sale" });
  await browser.keys(KEY.F2);
  const row = `.history table.payments tbody tr`;
  const open = await waitForText(browser, row, new RegExp(refid));
  assert.match(open, /Pending|Unclear: re-checking/, "listed as open");
  assert.match(open, /Re-check/, "with a Re-check offered, which is not pressed");
  const asked = await sim.requests("/v2/topup");
  const left = Date.now();

  // Only watching: History re-reads on the app's payment-updated event, and no
  // Re-check is pressed.
  await browser.waitUntil(async () => /Successful/.test((await textOf(browser, row)) ?? ""), {
    timeout: FOLLOW_TIMEOUT_MS,
    interval: 500,
    timeoutMsg: `History never showed ${refid} Successful`,
  });
  const settledAfter = Date.now() - left;
  assert.ok((await sim.requests("/v2/topup")) > asked, "the follower asked IIMMPACT again");
  assert.equal(await sim.charges(refid), 1, "following the payment never charged it again");
  const settled = await textOf(browser, row);
  assert.match(settled, new RegExp(refid), "the same payment, now Successful");
  assert.doesNotMatch(settled, /Re-check/, "nothing left to re-check");
  t.diagnostic(`settled ${Math.round(settledAfter / 1000)} s after History showed it open`);
});
