// A product whose network reports Interruption: the counter warns, and the payment
// still goes through, charged once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { pickProduct, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, screenshot, type, waitForElement, waitForText } from "../lib/screen.js";

let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

test("an Interruption warns and does not block the payment", async () => {
  const { browser, sim } = world;
  await sim.post("network-status", { product: "D", healthy: false });

  await pickProduct(browser, "D");
  await waitForText(browser, ".sale .banner-slot .banner", /Interruption!.*You can still pay/);
  await type(browser, "0123456789");
  await browser.keys(KEY.Enter);
  await type(browser, "10");
  await screenshot(browser, "counter-interruption");
  await browser.keys(KEY.Enter);
  await waitForElement(browser, ".confirm");
  await browser.keys(KEY.Enter);

  await waitForStatus(browser, /^Successful$/, 30_000);
  assert.equal(await sim.charges(await resultRefid(browser)), 1);
});
