// A second launch on the same PC hands over to the first window and quits, so budgets,
// background re-checks and the journal are never driven twice at once.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { appEnv, instanceRunning } from "../lib/app.js";
import { APP } from "../lib/paths.js";
import { withSimulator } from "../lib/scenario.js";

let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

test("a second launch quits at once and the first window carries on", async () => {
  const { app, browser, sim } = world;
  assert.ok(instanceRunning(), "the first instance holds its bus name");
  const second = spawn(APP, [], {
    env: appEnv(app.home, { KAUNTER_BASE_URL: sim.baseUrl }),
    stdio: "ignore",
  });
  const timeout = setTimeout(() => second.kill("SIGKILL"), 15_000);
  const [code, signal] = await once(second, "exit");
  clearTimeout(timeout);
  assert.equal(signal, null, "the second launch had to be killed: it did not hand over");
  assert.equal(code, 0);

  // The first window still answers, and is still the only instance.
  await browser.$(".env-badge").waitForExist({ timeout: 5_000 });
  assert.ok(instanceRunning());
  assert.ok(await browser.$("#product-search").isExisting(), "the counter is still there");
});
