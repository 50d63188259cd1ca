// A product whose network reports Interruption: the counter warns, and the payment
// still goes through, charged once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { screenshot, waitForText } from "../lib/screen.js";

let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

test("an Interruption warns and does not block the payment", async () => {
  const { browser, sim } = world;
  await sim.post("network-status", { product: "D", healthy: false });

  await enterReload(browser, "D", "0123456789", "10");
  await waitForText(browser, ".sale .banner-slot .banner", /Interruption!.*You can still pay/);
  await screenshot(browser, "counter-interruption");
  await confirmAndPay(browser);

  await waitForStatus(browser, /^Successful$/, 30_000);
  assert.equal(await sim.charges(await resultRefid(browser)), 1);
});
