// The supervisor PIN guards Settings and nothing else. First use of Settings sets it
// (only its Argon2id hash reaches the Secret Service); from then on F4 asks for it, a
// wrong one says the tries left, leaving Settings locks it again; switching to
// Production asks once more and Esc keeps Demo; the account's own threshold is changed
// at the simulator; and the counter sells and looks up without any PIN.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { shownAmounts, units } from "../lib/money.js";
import { enterReload, confirmAndPay, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, screenshot, textOf, type, waitForElement, waitForText } from "../lib/screen.js";

const PIN = "482913";
// With no space, WebdriverIO would read `.a[b="c"]` as "element .a[b with text c".
const CHOSEN = '.settings .env-choice[data-selected="true"]';
const PIN_USER = "supervisor-pin";

function keyring(user) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", "kaunter", "username", user], { encoding: "utf8", timeout: 10_000 });
  } catch {
    return null; // secret-tool exits 1 when nothing is stored
  }
}

/**
 * The keyring outlives each scenario's HOME: a PIN left there would guard the next
 * scenario's Settings, and an earlier choice (permissions.test.js invokes every command,
 * `supervisor_skip` too) would hide this one's first use.
 */
function forgetPin() {
  execFileSync("secret-tool", ["clear", "service", "kaunter", "username", PIN_USER], { timeout: 10_000 });
}

async function pinPromptShown(browser) {
  return browser.$("#supervisor-pin").isExisting();
}

async function enterPin(browser, pin) {
  const input = await waitForElement(browser, "#supervisor-pin");
  await browser.waitUntil(() => input.isFocused(), { timeout: 5_000, timeoutMsg: "the PIN field never got the focus" });
  await type(browser, pin);
  await browser.keys(KEY.Enter);
}

async function openSettingsWithPin(browser) {
  await browser.keys(KEY.F4);
  await enterPin(browser, PIN);
  await waitForElement(browser, "#language");
}

describe("the supervisor PIN", () => {
  let world;
  before(async () => {
    forgetPin();
    world = await withSimulator();
  });
  after(async () => {
    await world?.close();
    forgetPin();
  });

  test("first use of Settings offers the PIN; only its Argon2id hash is stored", async () => {
    const { browser } = world;
    await waitForText(browser, ".wallet-amount", /RM/);
    await browser.keys(KEY.F4);
    await waitForText(browser, ".supervisor-panel.first-use .supervisor-choice", /Set a supervisor PIN so cashiers cannot/);
    assert.ok(await browser.$(".skip-pin").isExisting(), "a one-person shop may skip it");
    // The offer takes the keyboard at once.
    await browser.waitUntil(() => browser.$("#new-pin").isFocused(), { timeout: 5_000, timeoutMsg: "the new PIN field never got the focus" });
    await type(browser, PIN);
    await browser.$("#new-pin-again").click();
    await type(browser, PIN);
    await browser.keys(KEY.Enter);
    await waitForElement(browser, '.supervisor-choice[data-choice="set"]');

    const stored = keyring(PIN_USER);
    assert.match(stored, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/, "a PHC Argon2id hash");
    assert.ok(!stored.includes(PIN), "the PIN itself is not in the keychain");
  });

  test("coming back asks for it: a wrong PIN says the tries left, Esc leaves, the right one opens", async () => {
    const { browser } = world;
    await browser.keys(KEY.F1);
    await waitForElement(browser, "#product-search");
    await browser.keys(KEY.F4);
    await enterPin(browser, "000000");
    await waitForText(browser, ".pin-refusal", /^Wrong PIN\. 4 more wrong tries lock Settings for 5 minutes\.$/);
    assert.equal(await browser.$("#language").isExisting(), false, "Settings stay closed");
    assert.match(await textOf(browser, "#pin-forgot"), /kaunter supervisor reset.*re-enter the keys/);
    assert.match(await textOf(browser, ".env-badge"), /^demo$/i, "the environment is shown over the prompt too");
    await screenshot(browser, "settings-pin");

    await browser.keys(KEY.Esc);
    await waitForElement(browser, "#product-search");

    await openSettingsWithPin(browser);
    assert.equal(await pinPromptShown(browser), false);
  });

  test("the chosen environment is marked by more than colour; Production asks once more and Esc keeps Demo", async () => {
    const { browser } = world;
    await waitForText(browser, CHOSEN, /^Demo ✓ selected$/);
    assert.equal(await browser.$('input[name=environment][value="demo"]').isSelected(), true);
    assert.equal(await browser.$('input[name=environment][value="production"]').isSelected(), false);
    assert.equal((await browser.$$(CHOSEN)).length, 1);

    await browser.$('input[name=environment][value="production"]').click();
    await waitForText(browser, CHOSEN, /^Production ✓ selected$/);
    await browser.$(".settings form.panel button[type=submit]").click();
    await waitForText(browser, "dialog.production-confirm", /REAL MONEY/);
    assert.match(await textOf(browser, "dialog.production-confirm .stay"), /Stay in Demo/);
    await screenshot(browser, "settings-production-confirm");
    await browser.keys(KEY.Esc);
    await browser.waitUntil(async () => !(await browser.$("dialog.production-confirm").isExisting()), {
      timeout: 5_000,
      timeoutMsg: "Esc never closed the question",
    });
    await waitForText(browser, CHOSEN, /^Demo ✓ selected$/);
    assert.match(await textOf(browser, ".env-badge"), /^demo$/i, "still Demo");
    assert.equal(await browser.$(".settings .ok-text").isExisting(), false, "nothing was saved");
  });

  test("IIMMPACT's low-balance threshold is read and changed at the simulator; the header follows it", async () => {
    const { browser, sim } = world;
    await waitForText(browser, ".account-threshold-now", /^None set at IIMMPACT$/);
    assert.ok(await browser.$("#callback-warning").isExisting(), "a desktop PC cannot receive callbacks: said");
    const posts = await sim.requests("/v2/low-balance-threshold");

    const balance = units((await sim.ledger()).balance);
    const above = (balance / units("1") + 1000n).toString();
    await browser.$("#account-threshold").click();
    await type(browser, above);
    await browser.keys(KEY.Enter);
    const now = await waitForText(browser, ".account-threshold-now", /^Now: RM/);
    assert.deepEqual(shownAmounts(now), [units(above)]);
    assert.match(await textOf(browser, ".account-threshold-note"), new RegExp(`below ${above}`), "IIMMPACT's own note");
    assert.ok((await sim.requests("/v2/low-balance-threshold")) > posts, "the change reached the simulator");
    // The wallet is now below the account's own threshold: the header warns.
    await waitForText(browser, ".wallet-low", /^Low balance$/);
    await screenshot(browser, "settings-account");

    // Read again from IIMMPACT, not from the screen's memory.
    await browser.keys(KEY.F1);
    await openSettingsWithPin(browser);
    const reread = await waitForText(browser, ".account-threshold-now", /^Now: RM/);
    assert.deepEqual(shownAmounts(reread), [units(above)]);
  });

  test("the counter never asks: a sale, History, a lookup, the statement; and Settings locked again", async () => {
    const { browser, sim } = world;
    await browser.keys(KEY.F1);
    await enterReload(browser, "D", "0123456789", "10");
    await confirmAndPay(browser);
    await waitForStatus(browser, /Successful/);
    const refid = await resultRefid(browser);
    assert.equal(await sim.charges(refid), 1, "paid once, and no PIN was asked");
    assert.equal(await pinPromptShown(browser), false);
    assert.match(await textOf(browser, ".env-badge"), /^demo$/i);

    await browser.keys(KEY.F2);
    await waitForText(browser, ".history", new RegExp(refid));
    assert.equal(await pinPromptShown(browser), false);
    assert.match(await textOf(browser, ".env-badge"), /^demo$/i);

    await browser.keys(KEY.F5);
    await browser.waitUntil(() => browser.$("#lookup-query").isFocused(), { timeout: 5_000, timeoutMsg: "lookup never took the focus" });
    await type(browser, refid);
    await browser.keys(KEY.Enter);
    await waitForText(browser, ".lookup-results", new RegExp(refid));
    assert.equal(await pinPromptShown(browser), false);
    await browser.keys(KEY.Esc);

    await browser.keys(KEY.F3);
    await waitForElement(browser, ".export");
    assert.match(await textOf(browser, ".env-badge"), /^demo$/i);

    // Left with F3 a moment ago: Settings asks again.
    await browser.keys(KEY.F4);
    await waitForElement(browser, "#supervisor-pin");
    assert.equal(await browser.$("#language").isExisting(), false);
  });
});
