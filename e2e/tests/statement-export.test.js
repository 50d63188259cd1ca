// A 20,000-row statement export with progress on screen, the file checked row by row
// against the simulator's ledger; then a cancelled export that leaves no file.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { parseCsv } from "../lib/csv.js";
import { isToTheSen, shownAmounts, units } from "../lib/money.js";
import { KEY, screenshot, setInputValue, textOf, waitForElement, waitForText } from "../lib/screen.js";

const ROWS = 20_000;
const FROM = "2026-01-30";
const TO = "2026-01-31";
let world;
before(async () => {
  // Every seeded entry falls inside FROM..TO; pages of up to 1,000 rows and a distant
  // server's 100 ms per request, so the export takes a few pages' time to watch.
  world = await withSimulator({
    "history-entries": ROWS,
    "history-end": TO,
    "history-days": 2,
    "max-page-size": 1000,
    "latency-ms": 100,
  });
});
after(() => world?.close());

/** Fills the export form for FROM..TO, saving to `path`, and starts it. */
async function startExport(browser, path) {
  await browser.keys(KEY.F3);
  await waitForElement(browser, ".export #export-from");
  if (await browser.$("#export-single").isSelected()) await browser.$("#export-single").click();
  await setInputValue(browser, "#export-from", FROM);
  await setInputValue(browser, "#export-to", TO);
  await setInputValue(browser, "#export-path", path);
  // Every progress label the screen shows, however briefly, kept for the test to read.
  await browser.execute(() => {
    window.__progressSeen = [];
    new MutationObserver(() => {
      const label = document.querySelector(".export-status .progress p");
      if (label && window.__progressSeen.at(-1) !== label.textContent) window.__progressSeen.push(label.textContent);
    }).observe(document.querySelector(".export-status"), { subtree: true, childList: true, characterData: true });
  });
  await browser.$(".export button[type=submit]").click();
}

test("20,000 rows exported with progress, every row chained to the ledger's balances", async () => {
  const { browser, sim, app } = world;
  const ledger = await sim.ledger();
  assert.equal(ledger.entries, ROWS);
  const path = join(app.home, "Documents", "statement.csv");

  await startExport(browser, path);
  const done = await waitForText(browser, ".export-status .summary .banner", /^Saved /, 60_000);
  assert.match(done, /Saved 20,000 rows to /);
  // The date fields follow the PC's locale (US order here); the day beside each is unambiguous.
  assert.equal(await textOf(browser, "#export-from-spelled"), "Fri 30 Jan 2026");
  assert.equal(await textOf(browser, "#export-to-spelled"), "Sat 31 Jan 2026");
  await screenshot(browser, "export");

  // Progress was on screen while the pages came in, counting up to the total.
  const seen = await browser.execute(() => window.__progressSeen);
  const counts = seen.map((label) => Number(/^([\d,]+) rows/.exec(label)?.[1].replaceAll(",", "")));
  assert.ok(counts.some((n) => n > 0 && n < ROWS), `an intermediate count was shown: ${JSON.stringify(seen)}`);
  assert.deepEqual([...counts].sort((a, b) => a - b), counts, "the count never went back");

  // The file, row by row: ids in order, dates in range, every balance = previous + amount.
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8"));
  assert.deepEqual(header, ["id", "date", "type", "amount", "balance", "remarks"]);
  assert.equal(rows.length, ROWS);
  let balance = units(rows[0][4]) - units(rows[0][3]);
  const opening = balance;
  const sums = { deposit: 0n, transaction: 0n, refund: 0n, commission: 0n };
  let lastId = -1;
  for (const [i, [id, date, type, amount, after]] of rows.entries()) {
    assert.ok(Number(id) > lastId, `row ${i + 1}: ids ascend`);
    lastId = Number(id);
    assert.ok(date >= `${FROM} 00:00:00` && date <= `${TO} 23:59:59`, `row ${i + 1}: ${date} in range`);
    balance += units(amount);
    assert.equal(units(after), balance, `row ${i + 1}: balance ${after} = previous + ${amount}`);
    sums[type.toLowerCase()] += units(amount);
  }
  assert.equal(opening, units(ledger.opening_balance), "opening balance is the ledger's");
  assert.equal(balance, units(ledger.balance), "closing balance is the wallet's");
  for (const [type, sum] of Object.entries(sums)) assert.equal(sum, units(ledger.sums[type]), `sum of ${type}`);

  // The summary on screen says the same, one line per entry type in words, not API codes.
  const table = await textOf(browser, ".export-status .summary table");
  const lines = await browser.$$(".export-status .summary th").map((th) => th.getText());
  assert.deepEqual(lines, ["Opening balance", "Commission", "Deposit", "Refund", "Transaction", "Closing balance"]);
  const shown = shownAmounts(table);
  // The screen rounds to the sen; the file keeps every decimal.
  const toTheSen = (exact) => shown.some((amount) => isToTheSen(amount, exact));
  assert.ok(toTheSen(opening), `opening ${ledger.opening_balance} on screen`);
  assert.ok(toTheSen(balance), `closing ${ledger.balance} on screen`);
});

test("an existing file is replaced only when the cashier says so", async () => {
  const { browser, app } = world;
  const path = join(app.home, "Documents", "statement.csv");
  const written = readFileSync(path, "utf8");
  const question = ".replace-file #replace-file-question";
  const armed = '.replace-file .primary[data-armed="true"]';

  // Esc keeps the file and starts nothing.
  await startExport(browser, path);
  assert.equal(await waitForText(browser, question, /./), "statement.csv already exists. Replace it?");
  await waitForElement(browser, armed);
  await browser.keys(KEY.Esc);
  await browser.waitUntil(async () => !(await browser.$(".replace-file").isExisting()), { timeout: 5_000, timeoutMsg: "Esc left the question up" });
  assert.equal(await browser.$(".export-status .progress").isExisting(), false, "no export ran");
  assert.equal(readFileSync(path, "utf8"), written, "the file is untouched");

  // Enter replaces it.
  await startExport(browser, path);
  await waitForElement(browser, armed);
  await browser.keys(KEY.Enter);
  assert.match(await waitForText(browser, ".export-status .summary .banner", /^Saved /, 60_000), /Saved 20,000 rows/);
});

test("a cancelled export leaves no file", async () => {
  const { browser, sim, app } = world;
  // Slow pages, so the export is still running when Cancel is pressed.
  await sim.post("faults", { path: "/v2/balance-statement", count: 40, kind: "latency", ms: 2000 });
  const folder = join(app.home, "cancelled");
  mkdirSync(folder);
  const path = join(folder, "statement.csv");

  await startExport(browser, path);
  const cancel = await (await waitForElement(browser, ".export .actions")).$("button=Cancel export");
  await cancel.waitForExist({ timeout: 10_000 });
  await cancel.click();
  await waitForText(browser, ".export-status .banner", /Export cancelled; no file was written/, 30_000);
  assert.equal(existsSync(path), false, "no file");
  assert.deepEqual(readdirSync(folder), [], "no temp file left beside it either");
});
