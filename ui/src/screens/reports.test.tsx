// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Reports, recentMonths } from "./reports";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, choose, click, field, mount, pressHere, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { payment, settings } from "../testing/fixtures";
import { setLanguage } from "../i18n";
import type { MonthStatement, ShiftReport, TransactionSummary } from "../types";

// 05:00 on the 26th in Malaysia, still the 25th in UTC: the defaults are GMT+8's.
const NOW = new Date("2026-11-25T21:00:00Z");
const [YESTERDAY, TODAY] = ["2026-11-25", "2026-11-26"];
const FOLDER = "/home/ali/Documents/";

const figures = (count: number, face_value: string, cost: string, margin: string, without_cost = 0) => ({ count, face_value, cost, margin, without_cost });

const summary: TransactionSummary = {
  from: YESTERDAY,
  to: TODAY,
  transactions: 6,
  total: figures(4, "673.70", "44.70", "0.30", 1),
  by_day: [
    { key: YESTERDAY, product_name: null, ...figures(1, "10.00", "9.80", "0.20") },
    { key: TODAY, product_name: null, ...figures(3, "663.70", "34.90", "0.10", 1) },
  ],
  by_product: [
    { key: "D", product_name: "Digi Prepaid", ...figures(3, "45.00", "44.70", "0.30") },
    { key: "TNB", product_name: "Tenaga Nasional", ...figures(1, "628.70", "0", "0", 1) },
  ],
  by_counter: [
    { key: "", product_name: null, ...figures(1, "628.70", "0", "0", 1) },
    { key: "Counter 1", product_name: null, ...figures(3, "45.00", "44.70", "0.30") },
  ],
  not_sold: [
    { state: "failed", count: 1, face_value: "20.00" },
    { state: "refunded", count: 1, face_value: "30.00" },
  ],
};

const statement = (over: Partial<MonthStatement> = {}): MonthStatement => ({
  month: "2026-10",
  from: "2026-10-01",
  to: "2026-10-31",
  entries: 5,
  opening: "100.00",
  deposits: "500.00",
  spend: "628.70",
  refunds: "10.50",
  commission: "1.23",
  other: "0",
  closing: "-16.97",
  balances: true,
  ...over,
});

const open = payment({ refid: "KTR-OPEN", state: "pending", amount: "30.00", account: "0198765432", created_at: "2026-11-26 04:40:00" });
const shift: ShiftReport = {
  counter: "Counter 1",
  day: TODAY,
  payments: 3,
  by_state: [
    { state: "succeeded", count: 1, amount: "10.00" },
    { state: "pending", count: 1, amount: "30.00" },
    { state: "failed", count: 1, amount: "5.00" },
  ],
  by_product: [
    { product: "D", product_name: "Digi Prepaid", state: "succeeded", count: 1, amount: "10.00" },
    { product: "D", product_name: "Digi Prepaid", state: "pending", count: 1, amount: "30.00" },
    { product: "D", product_name: "Digi Prepaid", state: "failed", count: 1, amount: "5.00" },
  ],
  to_collect: "40.00",
  open: [open],
};

let screen: Mounted;
let platform: TestPlatform;
const onLeave = vi.fn();

function show(replies: Replies = {}) {
  platform = createTestPlatform({
    transactionSummary: summary,
    monthStatement: statement(),
    shiftReport: shift,
    exportFolder: FOLDER,
    chooseSavePath: null,
    ...replies,
  });
  screen = mount(<Reports defaults={settings.export} onLeave={onLeave} />, platform);
}

const showButton = () => button(screen.root, /^Show Enter$/);
const tab = (name: string) => button(screen.root, name);
const tableRows = (selector: string) =>
  [...screen.root.querySelectorAll(`${selector} tr`)].map((tr) => [...tr.querySelectorAll("th, td")].map(textOf));

async function openPart(name: string) {
  await click(tab(name));
  await waitFor(() => showButton());
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  onLeave.mockReset();
});
afterEach(() => {
  screen.unmount();
  setLanguage("en");
  delete document.body.dataset.print;
  vi.useRealTimers();
});

describe("the Transaction Summary", () => {
  it("shows yesterday to today (GMT+8) by day, then by product and counter without asking again", async () => {
    show();
    expect((field(screen.root, "From") as HTMLInputElement).value).toBe(YESTERDAY);
    expect((field(screen.root, "To") as HTMLInputElement).value).toBe(TODAY);
    await waitFor(() => expect(document.activeElement).toBe(showButton()));
    expect(platform.callsTo("transactionSummary")).toEqual([]);

    await click(showButton());
    await waitFor(() => screen.root.querySelector("table.summary-lines"));
    expect(platform.callsTo("transactionSummary")).toEqual([[YESTERDAY, TODAY]]);
    expect(tableRows("table.summary-lines")).toEqual([
      ["Day", "Sales", "Face value", "Cost", "Margin"],
      ["25/11/2026", "1", "RM 10.00", "RM 9.80", "RM 0.20"],
      ["26/11/2026", "3", "RM 663.70", "RM 34.90", "RM 0.10"],
      ["Total", "4", "RM 673.70", "RM 44.70", "RM 0.30"],
    ]);
    const words = textOf(screen.root);
    expect(words).toContain("6 transactions listed by IIMMPACT from 25/11/2026 to 26/11/2026");
    expect(words).toContain("1 sales without a cost from IIMMPACT: counted in sales and face value, not in cost or margin.");
    expect(tableRows("table.not-sold")).toEqual([
      ["Failed", "1", "RM 20.00"],
      ["Refunded", "1", "RM 30.00"],
    ]);
    await waitFor(() => expect(document.activeElement).toBe(showButton()));

    await choose(field(screen.root, "Break down by") as HTMLSelectElement, "product");
    expect(tableRows("table.summary-lines").slice(1, 3).map((r) => r.slice(0, 2))).toEqual([
      ["D Digi Prepaid", "3"],
      ["TNB Tenaga Nasional", "1"],
    ]);
    await choose(field(screen.root, "Break down by") as HTMLSelectElement, "counter");
    expect(tableRows("table.summary-lines").slice(1, 3).map((r) => r[0])).toEqual(["(no counter named)", "Counter 1"]);
    expect(platform.callsTo("transactionSummary")).toHaveLength(1);
  });

  it("saves the breakdown shown to the suggested workbook, and replaces a file only when told", async () => {
    const name = `summary_product_${YESTERDAY}_${TODAY}.xlsx`;
    show({
      exportSummary: (_from, _to, _by, path, _format, overwrite) =>
        overwrite ? { rows: 2, opening_balance: null, closing_balance: null, groups: [] } : refuse({ kind: "file_exists", field: "out", path }),
    });
    await click(showButton());
    await waitFor(() => screen.root.querySelector("table.summary-lines"));
    await choose(field(screen.root, "Break down by") as HTMLSelectElement, "product");
    const path = field(screen.root, "Save to") as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe(`${FOLDER}${name}`));

    await click(button(screen.root, "Export summary"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`${name} already exists. Replace it?`));
    await click(button(screen.root, "Replace Enter"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`Saved 2 rows to ${FOLDER}${name}`));
    const format = { bom: settings.export.bom, crlf: settings.export.crlf };
    expect(platform.callsTo("exportSummary")).toEqual([
      [YESTERDAY, TODAY, "product", `${FOLDER}${name}`, format, false],
      [YESTERDAY, TODAY, "product", `${FOLDER}${name}`, format, true],
    ]);
  });

  it("refuses an end date before the start without asking, and says why IIMMPACT could not be asked", async () => {
    show({ transactionSummary: refuse({ kind: "no_credentials", environment: "staging" }) });
    await type(field(screen.root, "To"), "2026-11-20");
    await click(showButton());
    expect(textOf(screen.root)).toContain("The end date is before the start date");
    await settle();
    expect(platform.callsTo("transactionSummary")).toEqual([]);

    await type(field(screen.root, "To"), TODAY);
    await click(showButton());
    await waitFor(() => expect(textOf(screen.root)).toContain("No API key and secret for Staging yet"));
    expect(screen.root.querySelector("table.summary-lines")).toBeNull();
  });
});

describe("the monthly statement", () => {
  it("offers this month and the twelve before it, last month first chosen", () => {
    expect(recentMonths("2026-02-10")).toEqual([
      "2026-02", "2026-01", "2025-12", "2025-11", "2025-10", "2025-09", "2025-08",
      "2025-07", "2025-06", "2025-05", "2025-04", "2025-03", "2025-02",
    ]);
  });

  it("shows last month's opening, deposits, spend, refunds, commission and closing, and that it balances", async () => {
    show();
    await openPart("Monthly statement");
    const month = field(screen.root, "Month") as HTMLSelectElement;
    expect(month.value).toBe("2026-10");
    expect([...month.options].slice(0, 3).map((o) => o.text)).toEqual(["Nov 2026", "Oct 2026", "Sep 2026"]);
    await click(showButton());
    await waitFor(() => screen.root.querySelector("table.month-statement"));
    expect(platform.callsTo("monthStatement")).toEqual([["2026-10"]]);
    expect(tableRows("table.month-statement")).toEqual([
      ["Opening balance", "RM 100.00"],
      ["Deposits", "RM 500.00"],
      ["Spend on transactions", "RM 628.70"],
      ["Refunds", "RM 10.50"],
      ["Commission", "RM 1.23"],
      ["Closing balance", "-RM 16.97"],
    ]);
    expect(textOf(screen.root)).toContain("01/10/2026 to 31/10/2026, 5 entries");
    expect(textOf(screen.root)).toContain("Balances: opening + deposits − spend + refunds + commission equals closing");
  });

  it("says when the month does not balance, and shows entries of an unlisted type", async () => {
    show({ monthStatement: statement({ month: "2026-11", other: "-2.00", balances: false }) });
    await openPart("Monthly statement");
    await choose(field(screen.root, "Month") as HTMLSelectElement, "2026-11");
    await click(showButton());
    await waitFor(() => expect(textOf(screen.root)).toContain("Does not balance"));
    expect(platform.callsTo("monthStatement")).toEqual([["2026-11"]]);
    expect(tableRows("table.month-statement")).toContainEqual(["Other entries", "-RM 2.00"]);
    expect(screen.root.querySelector("[role=alert]")).not.toBeNull();
  });
});

describe("saving the monthly statement", () => {
  it("saves the statement shown to the suggested workbook, and replaces a file only when told", async () => {
    const name = "statement_2026-10.xlsx";
    show({
      exportMonthStatement: (_month, path, _format, overwrite) =>
        overwrite ? { rows: 1, opening_balance: "100.00", closing_balance: "-16.97", groups: [] } : refuse({ kind: "file_exists", field: "out", path }),
    });
    await openPart("Monthly statement");
    expect(screen.root.querySelector(".month-export")).toBeNull();
    await click(showButton());
    await waitFor(() => screen.root.querySelector("table.month-statement"));
    const path = field(screen.root, "Save to") as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe(`${FOLDER}${name}`));
    const save = button(screen.root, "Export statement");
    expect(save.tabIndex).toBe(0);
    expect(textOf(screen.root)).toContain("an Excel workbook (.xlsx), or a CSV file if the name ends in .csv");

    await click(save);
    await waitFor(() => expect(textOf(screen.root)).toContain(`${name} already exists. Replace it?`));
    await click(button(screen.root, "Replace Enter"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`Saved 1 rows to ${FOLDER}${name}`));
    const format = { bom: settings.export.bom, crlf: settings.export.crlf };
    expect(platform.callsTo("exportMonthStatement")).toEqual([
      ["2026-10", `${FOLDER}${name}`, format, false],
      ["2026-10", `${FOLDER}${name}`, format, true],
    ]);
  });

  it("saves to a CSV file when the typed name says so, and says why a save failed", async () => {
    show({ exportMonthStatement: refuse({ kind: "storage", path: "/nope/m.csv" }) });
    await openPart("Monthly statement");
    await click(showButton());
    await waitFor(() => screen.root.querySelector("table.month-statement"));
    await type(field(screen.root, "Save to"), "/nope/m.csv");
    await click(button(screen.root, "Export statement"));
    await waitFor(() => expect(textOf(screen.root.querySelector(".month-saved")!)).toContain("Kaunter could not read or write /nope/m.csv"));
    expect(platform.callsTo("exportMonthStatement")[0].slice(0, 2)).toEqual(["2026-10", "/nope/m.csv"]);
  });
});

describe("the end-of-shift report", () => {
  it("saves the report shown to the suggested workbook", async () => {
    const name = `shift_${TODAY}.xlsx`;
    show({ exportShift: { rows: 5, opening_balance: null, closing_balance: null, groups: [] } });
    await openPart("End of shift");
    await click(showButton());
    await waitFor(() => screen.root.querySelector(".shift-report"));
    const path = field(screen.root, "Save to") as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe(`${FOLDER}${name}`));
    expect(textOf(screen.root)).toContain("What to collect, each product's payments and the open ones are saved");
    await click(button(screen.root, "Export report"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`Saved 5 rows to ${FOLDER}${name}`));
    expect(platform.callsTo("exportShift")).toEqual([[TODAY, `${FOLDER}${name}`, { bom: settings.export.bom, crlf: settings.export.crlf }, false]]);
    const copy = document.body.querySelector(":scope > .report-print")!;
    expect(textOf(copy)).not.toContain("Export report");
  });

  it("shows today's payments by state and product, the total to collect and the open payments", async () => {
    show();
    await openPart("End of shift");
    expect((field(screen.root, "Day") as HTMLInputElement).value).toBe(TODAY);
    await click(showButton());
    await waitFor(() => screen.root.querySelector(".shift-report"));
    expect(platform.callsTo("shiftReport")).toEqual([[TODAY]]);
    const report = screen.root.querySelector(".shift-report")!;
    expect(textOf(report)).toContain("End of shift: Counter 1, 26/11/2026");
    expect(textOf(report.querySelector(".shift-collect")!)).toContain("Total to collect RM 40.00");
    expect(tableRows(".shift-report table.shift-states")).toEqual([
      ["Successful", "1", "RM 10.00"],
      ["Pending", "1", "RM 30.00"],
      ["Failed", "1", "RM 5.00"],
    ]);
    expect(tableRows(".shift-report table.shift-products")[2]).toEqual(["Digi Prepaid", "Pending", "1", "RM 30.00"]);
    expect(textOf(report)).toContain("Still open: re-check before closing the till (1)");
    expect(textOf(report.querySelector(".shift-open")!)).toContain("26/11/2026 04:40:00 Digi Prepaid 0198765432 RM 30.00 Pending KTR-OPEN");
  });

  it("prints only the report, from a copy outside the screen", async () => {
    show();
    await openPart("End of shift");
    await click(showButton());
    await waitFor(() => screen.root.querySelector(".shift-report"));
    const copy = document.body.querySelector(":scope > .report-print");
    expect(copy && textOf(copy)).toContain("End of shift: Counter 1, 26/11/2026");
    expect(screen.root.contains(copy)).toBe(false);

    await click(button(screen.root, "Print report"));
    expect(platform.callsTo("printReceipt")).toHaveLength(1);
    expect(document.body.dataset.print).toBe("report");
  });

  it("shows the report again when a payment settles in the background", async () => {
    let state: "pending" | "succeeded" = "pending";
    show({ shiftReport: () => (state === "pending" ? shift : { ...shift, open: [] }) });
    await openPart("End of shift");
    await click(showButton());
    await waitFor(() => screen.root.querySelector(".shift-open"));
    state = "succeeded";
    platform.emitPaymentUpdate({ ...open, state: "succeeded" });
    await waitFor(() => expect(textOf(screen.root)).toContain("No payment is still open"));
    expect(platform.callsTo("shiftReport")).toEqual([[TODAY], [TODAY]]);
  });
});

describe("the reports screen", () => {
  it("moves between the reports with the arrow keys, and Esc goes back to the counter", async () => {
    show();
    tab("Transaction Summary").focus();
    await pressHere("ArrowRight");
    expect(document.activeElement).toBe(tab("Monthly statement"));
    expect(tab("Monthly statement").getAttribute("aria-selected")).toBe("true");
    expect(field(screen.root, "Month")).toBeTruthy();
    await pressHere("ArrowLeft");
    await pressHere("ArrowLeft");
    expect(document.activeElement).toBe(tab("End of shift"));
    expect(field(screen.root, "Day")).toBeTruthy();
    expect(onLeave).not.toHaveBeenCalled();
    await pressHere("Escape");
    expect(onLeave).toHaveBeenCalledTimes(1);
  });

  it("speaks Bahasa Malaysia", async () => {
    setLanguage("ms");
    show();
    await click(button(screen.root, /^Papar Enter$/));
    await waitFor(() => screen.root.querySelector("table.summary-lines"));
    expect(tableRows("table.summary-lines")[0]).toEqual(["Hari", "Jualan", "Nilai muka", "Kos", "Margin"]);
    expect(textOf(screen.root)).toContain("Eksport ringkasan");
    await click(button(screen.root, "Tamat syif"));
    await click(button(screen.root, /^Papar Enter$/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Jumlah untuk dikutip RM 40.00"));
    expect(textOf(screen.root)).toContain("Cetak laporan");
    expect(textOf(screen.root)).toContain("Eksport laporan");
    await click(button(screen.root, "Penyata bulanan"));
    await click(button(screen.root, /^Papar Enter$/));
    await waitFor(() => expect(textOf(screen.root)).toContain("Eksport penyata"));
  });
});
