// Reconcile (F6) against disagreements planted at IIMMPACT: two reloads paid from the
// keyboard, then one refunded after the fact, one restated to another amount, and a
// payment made by another counter. Each shows on screen with its refid, kind and the
// counter that sold it, and the workbook exported from the screen holds them cell by cell.
// Then the same day's reports (F7): the end of shift and the month's statement, each
// saved from the screen to the workbook it suggests.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { KEY, clickInView, screenshot, setInputValue, textOf, waitForElement, waitForText } from "../lib/screen.js";
import { sheetRows } from "../lib/xlsx.js";

// The seeded history ends yesterday: today holds only what this scenario does.
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const OTHER = { refid: "OTHER-COUNTER-0001", product: "D", account: "0177777777", amount: "15.00", remarks: "Counter 2" };
// Nothing names this PC's counter in the scenario: it is the default.
const THIS_COUNTER = "Counter 1";

let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

/** A reload paid from the keyboard alone, left on a new sale; its refid. */
async function payReload(browser, account, amount) {
  await enterReload(browser, "D", account, amount);
  await confirmAndPay(browser);
  await waitForStatus(browser, /^Successful$/, 30_000);
  const refid = await resultRefid(browser);
  await browser.keys(KEY.Enter);
  await browser.waitUntil(() => browser.$("#product-search").isFocused(), { timeout: 5_000 });
  return refid;
}

/** The shown rows of the mismatch table, by refid: their kind and their cells' text. */
async function shownRows(browser) {
  return browser.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll(".reconcile table.mismatches tbody tr")].map((tr) => {
        const cells = [...tr.cells].map((td) => td.innerText.replace(/\s+/g, " ").trim());
        return [cells[1], { kind: tr.dataset.kind, cells }];
      }),
    ),
  );
}

test("planted disagreements show with their refid and kind, and export to a workbook", async () => {
  const { browser, sim, app } = world;
  const refunded = await payReload(browser, "0123456789", "10");
  const restated = await payReload(browser, "0198765432", "30");

  await sim.post("refund", { refid: refunded });
  await sim.post("restate", { refid: restated, amount: "20.00" });
  await sim.post("payments", OTHER);

  await browser.keys(KEY.F6);
  await waitForElement(browser, ".reconcile #reconcile-from");
  await browser.waitUntil(() => browser.$(".reconcile button[type=submit].primary").isFocused(), {
    timeout: 5_000,
    timeoutMsg: "Run never got the focus",
  });
  await setInputValue(browser, "#reconcile-from", today);
  assert.equal(await browser.$("#reconcile-to").getValue(), today, "the range ends today by default");
  await browser.keys(KEY.Enter);

  await waitForText(browser, ".reconcile table.reconcile-summary", /Mismatches\s*3(?!\d)/, 60_000);
  const rows = await shownRows(browser);
  assert.deepEqual(Object.keys(rows).sort(), [OTHER.refid, refunded, restated].sort());
  assert.equal(rows[refunded].kind, "refunded_after_the_fact");
  assert.equal(rows[refunded].cells[0], "Refunded by IIMMPACT after the sale");
  assert.equal(rows[refunded].cells[4], THIS_COUNTER);
  assert.match(rows[refunded].cells[6], /^Refunded RM\s?10\.00$/);
  assert.equal(rows[restated].kind, "amount_differs");
  assert.match(rows[restated].cells[5], /^Successful RM\s?30\.00$/);
  assert.match(rows[restated].cells[6], /^Successful RM\s?20\.00$/);
  assert.equal(rows[OTHER.refid].kind, "only_at_iimmpact");
  assert.deepEqual(rows[OTHER.refid].cells.slice(0, 6), ["Only at IIMMPACT (another counter or tool)", OTHER.refid, OTHER.account, "D", OTHER.remarks, "Not listed"]);
  assert.match(await textOf(browser, ".reconcile table.reconcile-summary"), /Matched\s*0(?!\d)/);
  await screenshot(browser, "reconcile");

  // The arrows walk the rows.
  const firstRow = ".reconcile table.mismatches tbody tr:first-child td";
  await clickInView(await browser.$(firstRow));
  await browser.keys(KEY.ArrowDown);
  const focused = await browser.execute(() => document.activeElement?.cells?.[1]?.innerText.trim());
  const order = await browser.execute(() => [...document.querySelectorAll(".reconcile table.mismatches tbody tr")].map((tr) => tr.cells[1].innerText.trim()));
  assert.equal(focused, order[1], "ArrowDown moved to the second row");

  // The filter narrows to one kind; Esc clears it.
  await browser.$("#reconcile-kind").selectByAttribute("value", "only_at_iimmpact");
  await browser.waitUntil(async () => Object.keys(await shownRows(browser)).length === 1, { timeout: 5_000 });
  // Esc from the table (an open drop-down would take it for itself).
  await clickInView(await browser.$(firstRow));
  await browser.keys(KEY.Esc);
  await browser.waitUntil(async () => Object.keys(await shownRows(browser)).length === 3, { timeout: 5_000, timeoutMsg: "Esc left the filter on" });
  // The counter filter beside it narrows to the other counter's payment.
  await browser.$("#reconcile-counter").selectByVisibleText(`${OTHER.remarks} (1)`);
  await browser.waitUntil(async () => Object.keys(await shownRows(browser)).join() === OTHER.refid, { timeout: 5_000 });
  await clickInView(await browser.$(firstRow));
  await browser.keys(KEY.Esc);
  await browser.waitUntil(async () => Object.keys(await shownRows(browser)).length === 3, { timeout: 5_000, timeoutMsg: "Esc left the counter filter on" });

  // Each counter's figures; a counter's mismatch count shows its rows.
  const byCounter = await browser.execute(() =>
    [...document.querySelectorAll(".reconcile table.by-counter tbody tr")].map((tr) => [...tr.cells].map((c) => c.innerText.trim())),
  );
  assert.deepEqual(byCounter, [
    [THIS_COUNTER, "0", "2"],
    [OTHER.remarks, "0", "1"],
  ]);
  await clickInView(await browser.$(`.reconcile table.by-counter button[aria-label="Show the 1 mismatches of ${OTHER.remarks}"]`));
  await browser.waitUntil(async () => Object.keys(await shownRows(browser)).join() === OTHER.refid, { timeout: 5_000, timeoutMsg: "the count did not show the counter's rows" });
  await clickInView(await browser.$(firstRow));
  await browser.keys(KEY.Esc);
  await browser.waitUntil(async () => Object.keys(await shownRows(browser)).length === 3, { timeout: 5_000 });

  // Exported where the screen suggests, as a workbook; read back cell by cell.
  const path = await browser.$("#reconcile-path").getValue();
  assert.ok(path.startsWith(app.home), `${path} is in the scenario's home`);
  assert.ok(path.endsWith(`reconcile_${today}_${today}.xlsx`), path);
  await browser.$("button=Export mismatches").click();
  assert.match(await waitForText(browser, ".reconcile-saved .banner", /^Saved /, 30_000), /^Saved 3 rows to /);
  assert.ok(existsSync(path));
  assert.equal(readFileSync(path).subarray(0, 4).toString("latin1"), "PK\u0003\u0004", "a zip file");
  const [header, ...lines] = sheetRows(path);
  assert.deepEqual(header.slice(0, 6), ["kind", "refid", "trxid", "account", "product", "counter"]);
  const byRefid = Object.fromEntries(lines.map((cells) => [cells[1], cells]));
  assert.deepEqual(Object.keys(byRefid).sort(), [OTHER.refid, refunded, restated].sort());
  assert.equal(byRefid[refunded][0], "refunded_after_the_fact");
  assert.equal(byRefid[restated][0], "amount_differs");
  assert.equal(byRefid[OTHER.refid][0], "only_at_iimmpact");
  // The account as text, its leading zero kept.
  assert.equal(byRefid[OTHER.refid][3], OTHER.account);
  assert.equal(byRefid[OTHER.refid][5], OTHER.remarks);
  assert.equal(byRefid[refunded][5], THIS_COUNTER);
  // Beside the rows, each counter's part, and the statement's check as the screen says it.
  assert.deepEqual(sheetRows(path, "sheet2"), [
    ["counter", "matched", "open_at_both", "mismatches", "refunded_after_the_fact", "amount_differs", "only_at_iimmpact"],
    [THIS_COUNTER, "0", "0", "2", "1", "1", "0"],
    [OTHER.remarks, "0", "0", "1", "0", "0", "1"],
  ]);
  const [checkHeader, check] = sheetRows(path, "sheet3");
  assert.equal(checkHeader[7], "balances");
  assert.equal(check[7], "1", "it balances (a true boolean cell)");
});

test("the end-of-shift report and the month's statement are saved to workbooks from the Reports screen", async () => {
  const { browser, app } = world;
  await browser.keys(KEY.F7);
  await waitForElement(browser, ".reports #summary-from");

  await clickInView(await browser.$("button=End of shift"));
  await waitForElement(browser, ".reports #shift-day");
  await clickInView(await browser.$(".shift-form button[type=submit]"));
  await waitForText(browser, ".reports .shift-collect", /RM\s?40\.00/, 20_000);
  const shiftPath = await browser.$("#shift-path").getValue();
  assert.ok(shiftPath.startsWith(app.home) && shiftPath.endsWith(`shift_${today}.xlsx`), shiftPath);
  await clickInView(await browser.$("button=Export report"));
  assert.match(await waitForText(browser, ".shift-saved .banner", /^Saved /, 30_000), /^Saved 2 rows to /);
  const [shiftHeader, collect, line] = sheetRows(shiftPath);
  assert.deepEqual(shiftHeader.slice(0, 8), ["day", "counter", "section", "product", "product_name", "state", "count", "amount"]);
  // Blank cells are not written: the row to collect has its day, counter, section and amount.
  assert.match(collect[0], /^\d+$/, "the day is a real date (a serial number), not text");
  assert.deepEqual(collect.slice(1), [THIS_COUNTER, "to_collect", "40"]);
  assert.deepEqual([line[2], line[3], line[5], line[6], line[7]], ["by_product", "D", "succeeded", "2", "40"]);

  const month = today.slice(0, 7);
  await clickInView(await browser.$("button=Monthly statement"));
  await waitForElement(browser, ".reports #month-choose");
  await browser.$("#month-choose").selectByAttribute("value", month);
  await clickInView(await browser.$(".month-form button[type=submit]"));
  await waitForElement(browser, ".reports table.month-statement", 60_000);
  const monthPath = await browser.$("#month-path").getValue();
  assert.ok(monthPath.endsWith(`statement_${month}.xlsx`), monthPath);
  await clickInView(await browser.$("button=Export statement"));
  assert.match(await waitForText(browser, ".month-saved .banner", /^Saved /, 30_000), /^Saved 1 rows to /);
  const [monthHeader, row] = sheetRows(monthPath);
  assert.deepEqual(monthHeader, ["month", "from", "to", "entries", "opening", "deposits", "spend", "refunds", "commission", "other", "closing", "balances"]);
  assert.equal(row[0], month, "the month as text");
  assert.equal(row.at(-1), "1", "it balances (a true boolean cell)");
});
