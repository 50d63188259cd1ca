// First start: no credentials, so Demo, served by the simulator inside the app. Then
// staging credentials entered in Settings are kept by the Secret Service, used against
// a staging-like simulator, and found in no file the app wrote. Last, the legacy
// sign-in from the keyboard alone replaces them with an ID token.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { freshHome, launch } from "../lib/app.js";
import { startSim } from "../lib/sim.js";
import { findSecret } from "../lib/secrets.js";
import { isToTheSen, shownAmounts, units } from "../lib/money.js";
import { KEY, clickInView, screenshot, textOf, type, waitForElement, waitForText } from "../lib/screen.js";

const API_KEY = "iimm_dev_e2e_staging";
const SECRET = randomBytes(32).toString("base64");
const home = freshHome();
let staging;
let app;

function keyring(user) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", "kaunter", "username", user], { encoding: "utf8", timeout: 10_000 });
  } catch {
    return null; // secret-tool exits 1 when nothing is stored
  }
}

before(async () => {
  staging = await startSim({ flags: { "api-key": API_KEY }, secret: SECRET });
});
after(async () => {
  await app?.close();
  await staging?.stop();
  for (const user of ["staging:api-key", "staging:hmac-secret", "staging:sign-in"]) {
    try {
      execFileSync("secret-tool", ["clear", "service", "kaunter", "username", user], { timeout: 10_000 });
    } catch {
      // Nothing stored under it (signing in removed the key and secret).
    }
  }
});

test("with no credentials the app starts in Demo on its own simulator", async () => {
  app = await launch({ home });
  const { browser } = app;
  assert.match(await textOf(browser, ".env-badge"), /^demo$/i);
  // No base URL: products and the wallet come from the simulator inside the app.
  await waitForElement(browser, ".product-button");
  assert.ok((await browser.$$(".product-button")).length > 5, "the demo catalogue is listed");
  const wallet = await waitForText(browser, ".wallet-amount", /^RM/);
  assert.equal(shownAmounts(wallet).length, 1, `a balance is shown: ${wallet}`);
  assert.equal(await browser.$(".banner.error").isExisting(), false, "no error on a first start");
});

test("staging credentials go to the Secret Service, write-only, and nowhere else", async () => {
  const { browser } = app;
  await browser.keys(KEY.F4);
  const panel = await waitForElement(browser, '.env-panel[data-env="staging"]');
  await clickInView(await panel.$("#key-staging"));
  await type(browser, API_KEY);
  await clickInView(await panel.$("#secret-staging"));
  await type(browser, SECRET);
  await clickInView(await panel.$("button[type=submit]"));
  await waitForText(browser, "#secret-staging-hint", /A secret is stored/);
  assert.equal(await panel.$("#secret-staging").getValue(), "", "the secret field is emptied, never filled back");

  // A separate process reads it from the Secret Service.
  assert.equal(keyring("staging:hmac-secret"), SECRET);
  assert.equal(keyring("staging:api-key"), API_KEY);
  await app.close();
  app = null;
});

test("switched to Staging, the stored credentials sign requests the simulator accepts", async (t) => {
  // The same install restarted, pointed at the staging-like simulator.
  app = await launch({ home, env: { KAUNTER_BASE_URL: staging.baseUrl } });
  const { browser } = app;
  await browser.keys(KEY.F4);
  await clickInView(await waitForElement(browser, 'input[name=environment][value="staging"]'));
  await clickInView(await browser.$(".settings form.panel button[type=submit]"));
  await waitForText(browser, ".env-badge", /^staging$/i);

  const panel = await browser.$('.env-panel[data-env="staging"]');
  await clickInView(await panel.$("button=Test connection"));
  const ok = await waitForText(browser, '.env-panel[data-env="staging"] .ok-text', /^Connected: /);
  const balance = units((await staging.ledger()).balance);
  const [tested] = shownAmounts(ok);
  assert.ok(isToTheSen(tested, balance), `the simulator's balance: ${ok}`);
  const [wallet] = shownAmounts(await waitForText(browser, ".wallet-amount", /^RM/));
  assert.ok(isToTheSen(wallet, balance), "the wallet reads Staging's");
  assert.ok((await staging.requests("/v2/balance")) >= 2, "signed requests reached the staging simulator");
  await screenshot(browser, "settings");
  await app.close();
  app = null;

  const { found, scanned } = findSecret(home, SECRET);
  assert.ok(scanned > 0, "the app wrote files (settings, journal, webview data) to scan");
  assert.deepEqual(found, [], "no file under the app's HOME holds the secret");
  t.diagnostic(`${scanned} files under the app's HOME scanned for the secret`);
});

/** The demo user of the simulator's legacy sign-in (`DEMO_USERNAME`, `DEMO_PASSWORD`). */
const USERNAME = "demo@kaunter.test";
const PASSWORD = "kaunter-demo-password";

/** Presses Tab until the element `id` has focus, as a cashier tabs to a field; at most `max` times. */
async function tabTo(browser, id, max = 60) {
  for (let i = 0; i < max; i++) {
    if ((await browser.execute(() => document.activeElement?.id)) === id) return;
    await browser.keys(KEY.Tab);
  }
  assert.fail(`Tab never reached #${id}`);
}

test("the legacy sign-in, from the keyboard alone, keeps its tokens in the keychain only", async (t) => {
  app = await launch({ home, env: { KAUNTER_BASE_URL: staging.baseUrl } });
  const { browser } = app;
  await waitForText(browser, ".env-badge", /^staging$/i);
  await browser.keys(KEY.F4);
  await waitForElement(browser, '.env-panel[data-env="staging"]');
  // Tab to the staging panel's kind, the arrow to the second choice, Tab to the fields.
  await tabTo(browser, "kind-staging-api_key");
  await browser.keys(KEY.ArrowRight);
  await waitForElement(browser, "#user-staging");
  assert.equal(await browser.$("#kind-staging-login").isSelected(), true, "the arrow chose the sign-in");
  await browser.keys(KEY.Tab);
  await type(browser, USERNAME);
  await browser.keys(KEY.Tab);
  await type(browser, PASSWORD);
  await browser.keys(KEY.Enter);
  await waitForText(browser, "#login-staging-status", new RegExp(`^Signed in as ${USERNAME}`));
  assert.equal(await browser.$("#password-staging").getValue(), "", "the password field is emptied");
  await screenshot(browser, "settings-sign-in");

  // The tokens replaced the API key in the Secret Service; no password was kept.
  const stored = JSON.parse(keyring("staging:sign-in"));
  assert.equal(stored.username, USERNAME);
  assert.equal(stored.password, undefined);
  assert.equal(keyring("staging:api-key"), null);

  // Test connection signs a request with the ID token.
  const before = await staging.requests("/v2/balance");
  await clickInView(await (await browser.$('.env-panel[data-env="staging"]')).$("button=Test connection"));
  await waitForText(browser, '.env-panel[data-env="staging"] .ok-text', /^Connected: /);
  assert.ok((await staging.requests("/v2/balance")) > before, "the ID token signed a request");
  await app.close();
  app = null;

  // findSecret looks for a Base64 secret and its decoded bytes: these are given encoded.
  for (const secret of [stored.id_token, stored.refresh_token, PASSWORD]) {
    const { found, scanned } = findSecret(home, Buffer.from(secret).toString("base64"));
    assert.deepEqual(found, [], "no file under the app's HOME holds a token or the password");
    t.diagnostic(`${scanned} files scanned`);
  }
});
