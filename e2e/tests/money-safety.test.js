// Two ways a cashier could pay without meaning to, both refused on screen: the Enter
// that opens the read-back also "pressing" Pay, and paying again for an order whose
// first payment is still open (its reply was lost). The simulator's ledger is the proof.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { enterReload, resultRefid, waitForPayArmed, waitForStatus } from "../lib/counter.js";
import { KEY, waitForElement, waitForText } from "../lib/screen.js";

const ACCOUNT = "0123456789";
// Far longer than the scenario: the first payment stays open (pending) throughout.
const PROCESSING_MS = 300_000;
let world;
before(async () => {
  world = await withSimulator({ "processing-delay-ms": PROCESSING_MS });
});
after(() => world?.close());

/** Whatever WebDriver key actions, performed at once, as fast as the driver sends them. */
function keys(browser, build) {
  return build(browser.action("key")).perform();
}

test("the Enter that opens the read-back never pays; a fresh Enter pays once", async () => {
  const { browser, sim } = world;
  const before = await sim.ledger();
  await enterReload(browser, "D", ACCOUNT, "10");

  // Enter, then Enter again at once: the second press began before the step was shown.
  await keys(browser, (k) => k.down(KEY.Enter).up(KEY.Enter).down(KEY.Enter).up(KEY.Enter));
  await waitForPayArmed(browser);
  assert.equal(await sim.requests("/v2/topup"), 0, "a double Enter only opened the read-back");

  // Back to the form, and Enter held down: WebDriver sends the held key's repeats.
  await browser.keys(KEY.Esc);
  await browser.waitUntil(() => browser.$("#amount").isFocused(), { timeout: 5_000, timeoutMsg: "Esc did not return to the amount" });
  await keys(browser, (k) => k.down(KEY.Enter).pause(300).down(KEY.Enter).down(KEY.Enter).pause(300).down(KEY.Enter).up(KEY.Enter));
  await waitForPayArmed(browser);
  // The confirm step has had time to act on anything it was going to act on.
  await browser.pause(500);
  assert.ok(await browser.$(".confirm").isExisting(), "the read-back is still showing");
  assert.equal(await sim.requests("/v2/topup"), 0, "a held Enter only opened the read-back");
  assert.equal((await sim.ledger()).entries, before.entries, "no charge");

  // Its reply is lost, so the payment stays open for the next test.
  await sim.post("faults", { path: "/v2/topup", count: 1, kind: "drop_after_commit" });
  await browser.keys(KEY.Enter);
  await waitForStatus(browser, /^(Sending|Pending|Unclear: re-checking)$/, 30_000);
  const refid = await resultRefid(browser);
  assert.equal(await sim.charges(refid), 1, "one fresh Enter paid once");
});

test("the same order while the first payment is open leads to it, with no way to pay again", async () => {
  const { browser, sim } = world;
  const refid = await resultRefid(browser);
  const balance = (await sim.ledger()).balance;

  // Esc leaves the result (a new sale); the cashier types the identical order.
  await browser.keys(KEY.Esc);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000 });
  await enterReload(browser, "D", ACCOUNT, "10");
  await browser.keys(KEY.Enter);
  await waitForPayArmed(browser);
  await browser.keys(KEY.Enter);

  const warning = await waitForText(browser, ".confirm .duplicate", new RegExp(refid));
  assert.match(warning, /still open/);
  assert.equal(await browser.$(".confirm .pay").isExisting(), false, "no Pay, no Pay again");
  assert.ok(await browser.$(".confirm .recheck").isExisting(), "Re-check is offered");
  await browser.waitUntil(() => browser.$(".confirm .open-payment").isFocused(), { timeout: 5_000, timeoutMsg: "Open payment never got the focus" });

  // Re-check asks about the same refid; the payment is still open, so still no Pay, and
  // once the answer is shown the focus is back on Open payment.
  await browser.$(".confirm .recheck").click();
  await browser.waitUntil(() => browser.$(".confirm .open-payment").isFocused(), { timeout: 20_000, timeoutMsg: "the re-check never came back" });
  assert.equal(await browser.$(".confirm .pay").isExisting(), false, "still no way to pay again");

  // Enter opens the earlier payment's result screen.
  await browser.keys(KEY.Enter);
  await waitForElement(browser, ".result");
  assert.equal(await resultRefid(browser), refid);
  await waitForStatus(browser, /^(Sending|Pending|Unclear: re-checking)$/);

  assert.equal(await sim.charges(refid), 1, "the earlier payment was charged once");
  assert.equal((await sim.ledger()).balance, balance, "and nothing else was charged");
});
