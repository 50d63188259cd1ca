// The whole counter in Bahasa Malaysia, errors included: a cashier who chose Malay sees
// no English from Kaunter itself, whether the words come from the UI's own checks, from
// a payment's outcome, from the core refusing a setting, or from IIMMPACT being gone.
// (What IIMMPACT itself writes, such as a failure's reason, stays as IIMMPACT sent it.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { confirmAndPay, enterReload, pickProduct, resultRefid, waitForStatus } from "../lib/counter.js";
import { chooseLanguage } from "../lib/settings.js";
import { KEY, retype, screenshot, textOf, waitForElement, waitForText } from "../lib/screen.js";

let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

/** Enter on a result starts the next sale, focus in the product search. */
async function nextSale(browser) {
  await browser.keys(KEY.Enter);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000 });
}

/** History's row for the payment `refid`. */
function historyRow(refid) {
  return `//table[contains(@class, "payments")]/tbody/tr[contains(., "${refid}")]`;
}

test("a cashier working in Bahasa Malaysia sees every step and every error in Malay", async () => {
  const { browser, sim } = world;
  await waitForText(browser, ".wallet-amount", /RM/);
  await chooseLanguage(browser, "ms");

  assert.equal(await textOf(browser, "#product-label"), "Cari produk mengikut nama atau kod");
  assert.equal(await textOf(browser, ".wallet-label"), "Dompet");

  // The UI's instant checks, before anything is sent.
  await pickProduct(browser, "D");
  await retype(browser, "#account", "0123");
  await retype(browser, "#amount", "10");
  await browser.keys(KEY.Enter);
  assert.match(await waitForText(browser, "#account-error", /nombor telefon Malaysia/), /^Masukkan/);
  assert.equal(await sim.requests("/v2/topup"), 0, "nothing was sent");

  // A reload that succeeds: the result and its receipt in Malay.
  await browser.keys(KEY.Esc);
  await enterReload(browser, "D", "0123456789", "10");
  await confirmAndPay(browser);
  await waitForStatus(browser, /^Berjaya$/, 30_000);
  const paid = await resultRefid(browser);
  assert.match(await textOf(browser, ".receipt"), /Terima kasih/);
  assert.match(await textOf(browser, ".receipt"), /Tarikh\/masa: Malaysia \(GMT\+8\)/);
  await screenshot(browser, "bahasa-result");
  assert.equal(await sim.charges(paid), 1);

  // One IIMMPACT fails (the simulator's test account for statusCode 52): "Gagal", no charge.
  await nextSale(browser);
  await enterReload(browser, "D", "60123450052", "10");
  await confirmAndPay(browser);
  await waitForStatus(browser, /^Gagal$/, 30_000);
  const failed = await resultRefid(browser);
  assert.match(await textOf(browser, ".result"), /Akaun atau nombor telefon tidak sah/, "IIMMPACT's failure code, worded in Malay");
  assert.equal(await sim.charges(failed), 0);

  // History says both outcomes in Malay.
  await nextSale(browser);
  await browser.keys(KEY.F2);
  assert.equal(await textOf(browser, "#history-title"), "Pembayaran");
  assert.match(await waitForText(browser, historyRow(paid), /Berjaya/), new RegExp(paid));
  assert.match(await waitForText(browser, historyRow(failed), /Gagal/), new RegExp(failed));

  // The core refuses a setting, naming the field: worded in Malay from its facts.
  await browser.keys(KEY.F4);
  await waitForElement(browser, "#proxy");
  await retype(browser, "#proxy", "ftp://proksi.pejabat:8080");
  await browser.$(".settings form.panel button[type=submit]").click();
  const refusal = await waitForText(browser, ".settings [role=alert]", /Proksi/);
  assert.match(refusal, /bukan alamat web/, refusal);
  assert.equal(await browser.$("#proxy").getAttribute("aria-invalid"), "true");
  await screenshot(browser, "bahasa-settings-error");
  await browser.keys(KEY.F1);

  // IIMMPACT gone: the wallet's refresh says so in Malay, and that nothing was charged.
  await sim.stop();
  await browser.$(".wallet .icon-button").click();
  await browser.waitUntil(
    async () => /IIMMPACT tidak dapat dihubungi/.test((await browser.$(".wallet-amount").getAttribute("title")) ?? ""),
    { timeout: 30_000, timeoutMsg: "the wallet never said IIMMPACT cannot be reached, in Malay" },
  );
  assert.match(await browser.$(".wallet-amount").getAttribute("title"), /tiada caj dibuat/);
  await waitForElement(browser, "#product-search");
});
