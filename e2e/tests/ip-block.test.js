// IIMMPACT blocks the PC's address (403) after a breach of its per-IP limit. Every
// request sent during the block is wasted and IIMMPACT counts from the first 403, so
// the counter must say so once, in the cashier's language, with the end time, and send
// nothing more until the cashier asks for the one check; a payment must be refused
// before it is journalled, never left open behind the block.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { chooseLanguage } from "../lib/settings.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, textOf, waitForElement, waitForText } from "../lib/screen.js";

const BLOCK_MINUTES = 240;
const MONTHS = {
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  ms: ["Jan", "Feb", "Mac", "Apr", "Mei", "Jun", "Jul", "Ogo", "Sep", "Okt", "Nov", "Dis"],
};
const BANNER = {
  en: /^IIMMPACT has blocked this PC's internet address after too many requests\. Nothing is sent until (\d{2}:\d{2} on \d{1,2} \w+) \(GMT\+8\)\./,
  ms: /^IIMMPACT telah menyekat alamat internet PC ini kerana terlalu banyak permintaan\. Tiada apa-apa dihantar sehingga (\d{2}:\d{2} pada \d{1,2} \w+) \(GMT\+8\)\./,
};
const OTHER_CAUSES = {
  en: /IP allowlist.*other environment \(Staging or Production\)/,
  ms: /senarai IP yang dibenarkan.*persekitaran lain \(Staging atau Produksi\)/,
};

/**
 * Every "HH:MM on D Mon" (GMT+8) the block could end at, when its first 403 came between
 * `from` and `to` (ms): the app dates it from its own clock, which a minute either side
 * keeps honest without racing the minute boundary.
 */
function possibleEnds(from, to, lang) {
  const ends = new Set();
  const joiner = lang === "en" ? "on" : "pada";
  const first = from + BLOCK_MINUTES * 60_000 - 60_000;
  const last = to + BLOCK_MINUTES * 60_000 + 60_000;
  for (let at = first; ; at += 60_000) {
    const gmt8 = new Date(Math.min(at, last) + 8 * 3_600_000);
    const hhmm = gmt8.toISOString().slice(11, 16);
    ends.add(`${hhmm} ${joiner} ${gmt8.getUTCDate()} ${MONTHS[lang][gmt8.getUTCMonth()]}`);
    if (at >= last) return ends;
  }
}

/** The text of every alert on screen, read in one go so none can come or go between reads. */
function alerts(browser) {
  return browser.execute(() => [...document.querySelectorAll('[role="alert"]')].map((el) => el.innerText.trim()));
}

/** The one alert on screen, which must be the block banner; its text. */
async function theOnlyAlert(browser) {
  const shown = await alerts(browser);
  assert.equal(shown.length, 1, `one alert on screen, not ${JSON.stringify(shown)}`);
  assert.ok(await browser.$(".block-banner").isExisting(), "the one alert is the block banner");
  return shown[0];
}

async function blockedRequests(sim) {
  return (await sim.get("stats")).blocked_requests;
}

/** Waits until the simulator has answered `count` blocked requests, then checks no more follow. */
async function expectBlocked(browser, sim, count, why) {
  await browser.waitUntil(async () => (await blockedRequests(sim)) >= count, { timeout: 10_000, timeoutMsg: `${why}: never reached ${count}` });
  // Whatever else the UI was going to send has had its chance.
  await browser.pause(1_000);
  assert.equal(await blockedRequests(sim), count, why);
}

/** Waits for the wallet to show a balance: the app has made its start-up requests. */
async function waitForWallet(browser) {
  await waitForText(browser, ".wallet-amount", /RM/);
  await waitForElement(browser, ".product-button");
}

/** One request from the UI, as the cashier makes it: the wallet's refresh. */
async function refreshWallet(browser) {
  await browser.$(".wallet .icon-button").click();
}

describe("an IP block (IIMMPACT's rate-limit body)", () => {
  let world;
  before(async () => {
    world = await withSimulator();
  });
  after(() => world?.close());

  test("is said once with its end in GMT+8, sends nothing until asked, and one check past it", async () => {
    const { browser, sim } = world;
    await waitForWallet(browser);
    assert.equal(await blockedRequests(sim), 0);
    assert.equal((await alerts(browser)).length, 0, "no alert before the block");

    await sim.post("block", { bare: false });
    const from = Date.now();
    await refreshWallet(browser);
    await waitForElement(browser, ".block-banner");
    const to = Date.now();
    await expectBlocked(browser, sim, 1, "the refresh met the block, once");

    const english = await theOnlyAlert(browser);
    const [, endsEn] = english.match(BANNER.en) ?? [];
    assert.ok(endsEn, `the banner in English: ${english}`);
    assert.ok(possibleEnds(from, to, "en").has(endsEn), `${endsEn} is 240 minutes after the first 403, in GMT+8`);
    assert.doesNotMatch(english, OTHER_CAUSES.en, "the rate limit's own 403 is not a bare Forbidden");

    // A sale while blocked: the wallet again, the product (its network status), and Pay.
    await refreshWallet(browser);
    await enterReload(browser, "D", "0123456789", "10");
    await confirmAndPay(browser);
    await waitForText(browser, ".result", /Not paid: nothing was sent and the customer was not charged\./);
    assert.equal(await sim.requests("/v2/topup"), 0, "the payment was refused before it was sent");
    await expectBlocked(browser, sim, 1, "nothing was sent while blocked");
    assert.equal(await theOnlyAlert(browser), english, "still the one banner, said once");

    // Refused before the journal: History has nothing open to follow past the block.
    await browser.keys(KEY.F2);
    await waitForText(browser, ".history", /No payments yet/);

    // Saving the settings reopens the session and refreshes the wallet: the block,
    // remembered on disk, holds the new session back as well.
    await chooseLanguage(browser, "ms");
    const malay = await theOnlyAlert(browser);
    const [, endsMs] = malay.match(BANNER.ms) ?? [];
    assert.ok(endsMs, `the banner in Bahasa Malaysia: ${malay}`);
    assert.ok(possibleEnds(from, to, "ms").has(endsMs), `${endsMs} is 240 minutes after the first 403, in GMT+8`);
    assert.equal(endsMs.split(" ")[0], endsEn.split(" ")[0], "the same end time in either language");
    assert.match(await textOf(browser, ".block-banner button"), /^Semak sekarang \(satu permintaan\)$/);
    await expectBlocked(browser, sim, 1, "the reopened session sent nothing either");

    // The cashier asks: one request past the block, which still holds.
    const total = (await sim.get("stats")).total_requests;
    await browser.$(".block-banner button").click();
    await expectBlocked(browser, sim, 2, "Check now sent exactly one request");
    assert.equal((await sim.get("stats")).total_requests, total + 1, "and nothing else");
    await waitForText(browser, ".block-banner button", /^Semak sekarang/);
    assert.match(await theOnlyAlert(browser), BANNER.ms, "the banner stays while IIMMPACT still refuses");

    await sim.post("block", { lift: true });
    await browser.$(".block-banner button").click();
    await browser.waitUntil(async () => !(await browser.$(".block-banner").isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the banner stayed after IIMMPACT answered again",
    });
    assert.deepEqual(await alerts(browser), [], "no alert left");

    // Paying works again, once, without leaving the counter.
    await enterReload(browser, "D", "0123456789", "10");
    await confirmAndPay(browser);
    await waitForStatus(browser, /^Berjaya$/, 20_000);
    const refid = await resultRefid(browser);
    assert.equal(await sim.charges(refid), 1, "one charge");
    assert.equal(await blockedRequests(sim), 2, "nothing more was refused");
  });
});

describe("an IP block answered with a bare Forbidden", () => {
  let world;
  before(async () => {
    world = await withSimulator();
  });
  after(() => world?.close());

  test("also names the allowlist and the other environment's key, in either language", async () => {
    const { browser, sim } = world;
    await waitForWallet(browser);
    await sim.post("block", { bare: true });
    await refreshWallet(browser);
    await waitForElement(browser, ".block-banner");
    await expectBlocked(browser, sim, 1, "the refresh met the block, once");

    const english = await theOnlyAlert(browser);
    assert.match(english, BANNER.en);
    assert.match(english, OTHER_CAUSES.en);

    await chooseLanguage(browser, "ms");
    const malay = await theOnlyAlert(browser);
    assert.match(malay, BANNER.ms);
    assert.match(malay, OTHER_CAUSES.ms);
    await expectBlocked(browser, sim, 1, "nothing was sent while blocked");
  });
});
