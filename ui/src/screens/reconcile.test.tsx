// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Reconcile } from "./reconcile";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, choose, click, field, mount, pressHere, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { settings } from "../testing/fixtures";
import { setLanguage } from "../i18n";
import type { Mismatch, ReconcileReport } from "../types";

// 05:00 on the 26th in Malaysia, still the 25th in UTC: the default range is GMT+8's.
const NOW = new Date("2026-11-25T21:00:00Z");
const [YESTERDAY, TODAY] = ["2026-11-25", "2026-11-26"];
const FOLDER = "/home/ali/Documents/";

function mismatch(over: Partial<Mismatch>): Mismatch {
  return {
    kind: "amount_differs",
    refid: "KTR-1",
    trxid: "106000001",
    account: "0123456789",
    product: "D",
    counter: "Counter 1",
    journal_state: "succeeded",
    journal_amount: "10.00",
    journal_product: "D",
    iimmpact_state: "succeeded",
    iimmpact_status_code: 20,
    iimmpact_amount: "10.00",
    iimmpact_product: "D",
    settled: null,
    ...over,
  };
}

const refunded = mismatch({ kind: "refunded_after_the_fact", refid: "KTR-REFUNDED", iimmpact_state: "refunded", iimmpact_status_code: 53 });
const restated = mismatch({ refid: "KTR-RESTATED", account: "0198765432", journal_amount: "30.00", iimmpact_amount: "15.00" });
const elsewhere = mismatch({
  kind: "only_at_iimmpact",
  refid: "OTHER-1",
  account: "011122233344",
  product: "TNB",
  counter: "Bangsar 3",
  journal_state: null,
  journal_amount: null,
  journal_product: null,
  iimmpact_amount: "44.40",
  iimmpact_product: "TNB",
});
const settledHere = mismatch({ kind: "open_in_journal_final_at_iimmpact", refid: "KTR-SETTLED", journal_state: "succeeded", settled: "succeeded" });
// Another tool's payment, sent without remarks: no counter is named for it.
const unnamed = mismatch({ ...elsewhere, refid: "TOOL-1", counter: null, iimmpact_amount: "5.00" });

function report(over: Partial<ReconcileReport> = {}): ReconcileReport {
  return {
    from: YESTERDAY,
    to: TODAY,
    matched: 7,
    open_at_both: 0,
    journal_payments: 10,
    iimmpact_transactions: 11,
    settled: 1,
    mismatches: [refunded, restated, elsewhere, settledHere],
    by_counter: [
      { counter: "Bangsar 3", matched: 0, open_at_both: 0, mismatches: 1, by_kind: [{ kind: "only_at_iimmpact", count: 1 }] },
      {
        counter: "Counter 1",
        matched: 7,
        open_at_both: 0,
        mismatches: 3,
        by_kind: [
          { kind: "refunded_after_the_fact", count: 1 },
          { kind: "amount_differs", count: 1 },
          { kind: "open_in_journal_final_at_iimmpact", count: 1 },
        ],
      },
    ],
    statement: { entries: 12, opening: "500.00", closing: "420.00", sum_of_entries: "-80.00", balances: true, debits_without_transaction: [] },
    ...over,
  };
}

let screen: Mounted;
let platform: TestPlatform;
const onLeave = vi.fn();

function show(replies: Replies = {}) {
  platform = createTestPlatform({ reconcile: report(), exportFolder: FOLDER, chooseSavePath: null, ...replies });
  screen = mount(<Reconcile defaults={settings.export} onLeave={onLeave} />, platform);
}

const summaryLines = () =>
  [...screen.root.querySelectorAll("table.reconcile-summary tr")].map((tr) => [textOf(tr.querySelector("th")!), textOf(tr.querySelector("td")!)]);
const runButton = () => button(screen.root, /^Reconcile Enter$/);
const cells = (tr: HTMLElement) => [...tr.querySelectorAll("td")].map(textOf);
const rows = () => [...screen.root.querySelectorAll<HTMLElement>("table.mismatches tbody tr")];
const row = (refid: string) => {
  const found = rows().find((tr) => tr.textContent?.includes(refid));
  if (!found) throw new Error(`no row for ${refid}`);
  return found;
};

async function runReport() {
  await click(runButton());
  await waitFor(() => row("KTR-SETTLED"));
  // Focus is back on Run once the report has rendered.
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  onLeave.mockReset();
});
afterEach(() => {
  screen.unmount();
  setLanguage("en");
  vi.useRealTimers();
});

describe("the reconcile screen", () => {
  it("runs yesterday to today (GMT+8) and shows the summary and every mismatch in words", async () => {
    show();
    expect((field(screen.root, "From") as HTMLInputElement).value).toBe(YESTERDAY);
    expect((field(screen.root, "To") as HTMLInputElement).value).toBe(TODAY);
    await waitFor(() => expect(document.activeElement).toBe(runButton()));
    expect(platform.callsTo("reconcile")).toEqual([]);

    await runReport();
    expect(platform.callsTo("reconcile")).toEqual([[YESTERDAY, TODAY]]);
    expect(summaryLines()).toEqual([
      ["Matched", "7"],
      ["Mismatches", "4"],
      ["Settled from IIMMPACT", "1"],
      ["Balance statement", "Balances: closing − opening equals the sum of its 12 entries"],
    ]);
    expect(textOf(screen.root)).toContain("10 payments in this PC's journal, 11 transactions at IIMMPACT");

    expect(rows().map((tr) => tr.dataset.kind)).toEqual(["refunded_after_the_fact", "amount_differs", "only_at_iimmpact", "open_in_journal_final_at_iimmpact"]);
    expect(cells(row("KTR-REFUNDED"))).toEqual(["Refunded by IIMMPACT after the sale", "KTR-REFUNDED", "0123456789", "D", "Counter 1", "SuccessfulRM 10.00", "RefundedRM 10.00"]);
    expect(cells(row("KTR-RESTATED"))).toEqual(["The amount differs", "KTR-RESTATED", "0198765432", "D", "Counter 1", "SuccessfulRM 30.00", "SuccessfulRM 15.00"]);
    expect(cells(row("OTHER-1"))).toEqual(["Only at IIMMPACT (another counter or tool)", "OTHER-1", "011122233344", "TNB", "Bangsar 3", "Not listed", "SuccessfulRM 44.40"]);
    expect(cells(row("KTR-SETTLED"))[5]).toBe("SuccessfulRM 10.00settled: Successful");
  });

  it("says when the statement does not balance and which debits have no transaction", async () => {
    const statement = {
      entries: 3,
      opening: "500.00",
      closing: "420.00",
      sum_of_entries: "-70.00",
      balances: false,
      debits_without_transaction: [{ id: 9001, date: "2026-11-26 10:15:00", amount: "-10.00", remarks: "Topup D 0123456789" }],
    };
    show({ reconcile: report({ statement, mismatches: [] }) });
    await click(runButton());
    const summary = await waitFor(() => textOf(screen.root.querySelector("table.reconcile-summary")!));
    expect(summary).toContain("Does not balance: opening RM 500.00, closing RM 420.00, but the 3 entries sum to -RM 70.00");
    expect(summary).toContain("Payment debits without their transaction at IIMMPACT: 1");
    expect(summary).toContain("#9001 26/11/2026 10:15:00");
    expect(textOf(screen.root)).toContain("Every payment agrees: nothing to look at");
    expect(screen.root.querySelector("table.mismatches")).toBeNull();
  });

  it("filters by kind; Esc clears the filter, then goes back to the counter", async () => {
    show();
    await runReport();
    const kinds = field(screen.root, "Filter by kind") as HTMLSelectElement;
    expect([...kinds.options].map((o) => o.text)).toEqual([
      "All kinds (4)",
      "Refunded by IIMMPACT after the sale (1)",
      "The amount differs (1)",
      "Only at IIMMPACT (another counter or tool) (1)",
      "Open here, final at IIMMPACT: settled from IIMMPACT (1)",
    ]);
    await choose(kinds, "only_at_iimmpact");
    expect(rows().map((tr) => tr.textContent?.includes("OTHER-1"))).toEqual([true]);

    await pressHere("Escape");
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(onLeave).not.toHaveBeenCalled();
    await pressHere("Escape");
    expect(onLeave).toHaveBeenCalledTimes(1);
  });

  it("names each row's counter and filters by it beside the kind; Esc clears both", async () => {
    setLanguage("ms");
    show({ reconcile: report({ mismatches: [refunded, restated, elsewhere, settledHere, unnamed] }) });
    await click(button(screen.root, /^Sesuaikan Enter$/));
    await waitFor(() => row("TOOL-1"));
    const headings = [...screen.root.querySelectorAll("table.mismatches th")].map(textOf);
    expect(headings[4]).toBe("Kaunter");
    expect(cells(row("TOOL-1"))[4]).toBe("Tidak dinamakan");

    const counters = field(screen.root, "Tapis mengikut kaunter") as HTMLSelectElement;
    // By name, the unnamed last.
    expect([...counters.options].map((o) => o.text)).toEqual([
      "Semua kaunter (5)",
      "Bangsar 3 (1)",
      "Counter 1 (3)",
      "Tidak dinamakan (1)",
    ]);
    await choose(counters, counters.options[2].value);
    expect(rows().map((tr) => tr.dataset.kind)).toEqual(["refunded_after_the_fact", "amount_differs", "open_in_journal_final_at_iimmpact"]);
    // Both filters at once.
    await choose(field(screen.root, "Tapis mengikut jenis") as HTMLSelectElement, "amount_differs");
    expect(rows().map((tr) => cells(tr)[1])).toEqual(["KTR-RESTATED"]);
    await choose(counters, counters.options[3].value);
    expect(rows()).toHaveLength(0);
    await choose(field(screen.root, "Tapis mengikut jenis") as HTMLSelectElement, "");
    expect(rows().map((tr) => cells(tr)[1])).toEqual(["TOOL-1"]);

    await pressHere("Escape");
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(counters.value).toBe("");
    expect(onLeave).not.toHaveBeenCalled();
  });

  it("shows each counter's figures, and a counter's mismatches at a button", async () => {
    setLanguage("ms");
    const unnamedLine = { counter: null, matched: 0, open_at_both: 1, mismatches: 1, by_kind: [{ kind: "only_at_iimmpact" as const, count: 1 }] };
    show({ reconcile: report({ open_at_both: 1, mismatches: [refunded, restated, elsewhere, settledHere, unnamed], by_counter: [...report().by_counter, unnamedLine] }) });
    await click(button(screen.root, /^Sesuaikan Enter$/));
    await waitFor(() => row("TOOL-1"));
    const table = screen.root.querySelector<HTMLTableElement>("table.by-counter")!;
    expect(textOf(table.caption!)).toBe("Mengikut kaunter");
    const lines = [...table.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll("th, td")].map(textOf));
    expect(lines).toEqual([
      ["Kaunter", "Sepadan", "Masih terbuka di kedua-dua pihak", "Tidak sepadan"],
      ["Bangsar 3", "0", "0", "1"],
      ["Counter 1", "7", "0", "3"],
      ["Tidak dinamakan", "0", "1", "1"],
    ]);
    // Each line is named by its row header, for a screen reader reading a cell.
    expect([...table.querySelectorAll("tbody th")].every((th) => th.getAttribute("scope") === "row")).toBe(true);

    // Its words are the count; its name says whose, as a screen reader reads it.
    const showButton = (name: string) => table.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)!;
    expect(textOf(showButton("Tunjukkan 3 yang tidak sepadan bagi Counter 1"))).toBe("3");
    await click(showButton("Tunjukkan 3 yang tidak sepadan bagi Counter 1"));
    expect(rows().map((tr) => cells(tr)[1])).toEqual(["KTR-REFUNDED", "KTR-RESTATED", "KTR-SETTLED"]);
    expect((field(screen.root, "Tapis mengikut kaunter") as HTMLSelectElement).selectedOptions[0].text).toBe("Counter 1 (3)");
    await click(showButton("Tunjukkan 1 yang tidak sepadan bagi Tidak dinamakan"));
    expect(rows().map((tr) => cells(tr)[1])).toEqual(["TOOL-1"]);
    await pressHere("Escape");
    await waitFor(() => expect(rows()).toHaveLength(5));
  });

  it("has no counter table when nothing was counted", async () => {
    show({ reconcile: report({ matched: 0, settled: 0, mismatches: [], by_counter: [] }) });
    await click(runButton());
    await waitFor(() => expect(textOf(screen.root)).toContain("Every payment agrees"));
    expect(screen.root.querySelector("table.by-counter")).toBeNull();
  });

  it("moves between the rows with the arrow keys, one Tab stop for the table", async () => {
    show();
    await runReport();
    expect(rows().map((tr) => tr.tabIndex)).toEqual([0, -1, -1, -1]);
    rows()[0].focus();
    await pressHere("ArrowDown");
    expect(document.activeElement).toBe(row("KTR-RESTATED"));
    await pressHere("End");
    expect(document.activeElement).toBe(row("KTR-SETTLED"));
    await pressHere("ArrowDown");
    expect(document.activeElement).toBe(row("KTR-SETTLED"));
    await pressHere("ArrowUp");
    expect(document.activeElement).toBe(row("OTHER-1"));
    expect(rows().map((tr) => tr.tabIndex)).toEqual([-1, -1, 0, -1]);
    await pressHere("Home");
    expect(document.activeElement).toBe(row("KTR-REFUNDED"));
  });

  it("refuses an end date before the start without asking the core", async () => {
    show();
    await type(field(screen.root, "To"), "2026-11-20");
    await click(runButton());
    expect(textOf(screen.root)).toContain("The end date is before the start date");
    await settle();
    expect(platform.callsTo("reconcile")).toEqual([]);
  });

  it("says why IIMMPACT could not be asked, and shows no report", async () => {
    show({ reconcile: refuse({ kind: "no_credentials", environment: "staging" }) });
    await click(runButton());
    await waitFor(() => expect(textOf(screen.root)).toContain("No API key and secret for Staging yet"));
    expect(screen.root.querySelector("table.reconcile-summary")).toBeNull();
  });

  it("exports the report's mismatches to the suggested workbook, and replaces a file only when told", async () => {
    let exists = true;
    show({
      exportReconcile: (_from, _to, _path, _format, overwrite) =>
        exists && !overwrite ? refuse({ kind: "file_exists", field: "out", path: `${FOLDER}reconcile_${YESTERDAY}_${TODAY}.xlsx` }) : { rows: 4, opening_balance: null, closing_balance: null, groups: [] },
    });
    await runReport();
    // The form's dates changing after the run does not change what the report covers.
    await type(field(screen.root, "From"), "2026-11-01");
    const path = field(screen.root, "Save to") as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe(`${FOLDER}reconcile_${YESTERDAY}_${TODAY}.xlsx`));

    await click(button(screen.root, "Export mismatches"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`reconcile_${YESTERDAY}_${TODAY}.xlsx already exists. Replace it?`));
    await click(button(screen.root, "Replace Enter"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`Saved 4 rows to ${path.value}`));
    exists = false;
    const format = { bom: settings.export.bom, crlf: settings.export.crlf };
    expect(platform.callsTo("exportReconcile")).toEqual([
      [YESTERDAY, TODAY, path.value, format, false],
      [YESTERDAY, TODAY, path.value, format, true],
    ]);
  });

  it("speaks Bahasa Malaysia", async () => {
    setLanguage("ms");
    show();
    await click(button(screen.root, /^Sesuaikan Enter$/));
    await waitFor(() => row("KTR-SETTLED"));
    expect(textOf(row("KTR-REFUNDED"))).toContain("Dipulangkan oleh IIMMPACT selepas jualan");
    expect(textOf(row("OTHER-1"))).toContain("Hanya di IIMMPACT (kaunter atau alat lain)");
    expect(summaryLines()[0]).toEqual(["Sepadan", "7"]);
    expect(textOf(screen.root)).toContain("Eksport yang tidak sepadan");
  });
});
