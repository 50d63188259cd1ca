// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { History } from "./history";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, choose, click, field, mount, queryButton, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { payment, settings } from "../testing/fixtures";
import { setLanguage } from "../i18n";
import type { Payment } from "../types";

// 12:00 in Malaysia: the counter's day is the 25th whatever the PC's zone.
const NOW = new Date("2026-11-25T04:00:00Z");
const DAY = "2026-11-25";
const FOLDER = "/home/kedai/Documents/Kaunter/";

const paid = payment({ refid: "KTR-1", account: "0123456789", amount: "10.00", state: "succeeded" });
const open = payment({ refid: "KTR-2", account: "0198765432", amount: "30.00", state: "pending", product: "M", product_name: "Maxis Hotlink" });
const voucher = payment({ refid: "KTR-3", account: "0111111111", amount: "50.00", state: "succeeded", product: "PSN", product_name: "PlayStation", has_pin: true });

let screen: Mounted;
let platform: TestPlatform;
const onPrint = vi.fn();

function show(replies: Replies) {
  platform = createTestPlatform({
    history: [paid, open, voucher],
    dayTotals: { day: DAY, by_state: [{ state: "succeeded", count: 2, amount: "60.00" }, { state: "pending", count: 1, amount: "30.00" }] },
    exportFolder: FOLDER,
    chooseSavePath: null,
    ...replies,
  });
  screen = mount(<History defaults={settings.export} onPrint={onPrint} />, platform);
}

const row = (refid: string) => {
  const found = [...screen.root.querySelectorAll("tbody tr")].find((tr) => tr.textContent?.includes(refid));
  if (!found) throw new Error(`no row for ${refid}`);
  return found as HTMLElement;
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  onPrint.mockReset();
});
afterEach(() => {
  setLanguage("en");
  screen.unmount();
  vi.useRealTimers();
});

describe("the history screen", () => {
  it("lists today's payments and the day's totals", async () => {
    show({});
    await waitFor(() => row("KTR-3"));
    expect(platform.callsTo("history")).toEqual([[{ from: DAY, to: DAY }]]);
    expect(platform.callsTo("dayTotals")).toEqual([[DAY]]);
    expect(textOf(row("KTR-2"))).toContain("Maxis Hotlink");
    expect(textOf(row("KTR-2"))).toContain("RM 30.00");
    expect(textOf(row("KTR-2"))).toContain("Pending");
    const totals = textOf(screen.root.querySelector("table.totals")!);
    expect(totals).toContain("Successful Count 2RM 60.00");
    expect(totals).toContain("Pending Count 1RM 30.00");
  });

  it("asks the journal again with the status filter and the search", async () => {
    show({});
    await waitFor(() => row("KTR-1"));
    await choose(field(screen.root, "Filter by status") as HTMLSelectElement, "pending");
    await type(field(screen.root, "Account, reference or serial number"), " SN-0042 ");
    await waitFor(() => expect(platform.callsTo("history").at(-1)).toEqual([{ from: DAY, to: DAY, state: "pending", search: "SN-0042" }]));
  });

  it("covers a range of days, without a single day's totals", async () => {
    show({});
    await waitFor(() => row("KTR-1"));
    await type(field(screen.root, "From"), "2026-11-01");
    await waitFor(() => expect(platform.callsTo("history").at(-1)).toEqual([{ from: "2026-11-01", to: DAY }]));
    expect(platform.callsTo("dayTotals")).toEqual([[DAY]]);
    await waitFor(() => expect(screen.root.querySelector("table.totals")).toBeNull());
  });

  it("says when the days are the wrong way round, as the core refuses them", async () => {
    show({});
    await waitFor(() => row("KTR-1"));
    platform.script("history", refuse({ kind: "invalid", field: "to", problem: { code: "dates_reversed" } }));
    await type(field(screen.root, "To"), "2026-11-20");
    await waitFor(() => expect(textOf(screen.root)).toContain("The end date is before the start date"));
  });

  it("exports the range as filtered to the suggested workbook, and replaces a file only when told", async () => {
    let exists = true;
    show({
      exportHistory: (_query, _path, _format, overwrite) =>
        exists && !overwrite ? refuse({ kind: "file_exists", field: "out", path: `${FOLDER}payments_${DAY}_${DAY}.xlsx` }) : { rows: 3, opening_balance: null, closing_balance: null, groups: [] },
    });
    await waitFor(() => row("KTR-1"));
    await type(field(screen.root, "Account, reference or serial number"), "0123");
    const path = field(screen.root, "Save to") as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe(`${FOLDER}payments_${DAY}_${DAY}.xlsx`));
    await click(button(screen.root, "Export payments"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`payments_${DAY}_${DAY}.xlsx already exists. Replace it?`));
    await click(button(screen.root, "Replace Enter"));
    await waitFor(() => expect(textOf(screen.root)).toContain(`Saved 3 rows to ${path.value}`));
    exists = false;
    const query = { from: DAY, to: DAY, search: "0123" };
    const format = { bom: settings.export.bom, crlf: settings.export.crlf };
    expect(platform.callsTo("exportHistory")).toEqual([
      [query, path.value, format, false],
      [query, path.value, format, true],
    ]);
  });

  it("speaks Bahasa Malaysia", async () => {
    setLanguage("ms");
    show({});
    await waitFor(() => row("KTR-1"));
    expect(textOf(screen.root)).toContain("Pembayaran");
    expect(field(screen.root, "Akaun, rujukan atau nombor siri")).toBeTruthy();
    expect(button(screen.root, "Eksport pembayaran")).toBeTruthy();
  });

  it("re-checks only an open payment, then reloads the day", async () => {
    show({ paymentStatus: (refid: string) => ({ ...open, refid, state: "succeeded" }) });
    await waitFor(() => row("KTR-2"));
    expect(queryButton(row("KTR-1"), "Re-check")).toBeNull();
    await click(button(row("KTR-2"), "Re-check"));
    await waitFor(() => expect(platform.callsTo("history")).toHaveLength(2));
    expect(platform.callsTo("paymentStatus")).toEqual([["KTR-2"]]);
  });

  it("reloads when the core says a payment moved", async () => {
    show({});
    await waitFor(() => row("KTR-2"));
    const settledNow: Payment = { ...open, state: "succeeded", updated_at: "2026-11-25T04:00:10Z" };
    platform.script("history", [paid, settledNow, voucher]);
    platform.emitPaymentUpdate(settledNow);
    await waitFor(() => expect(textOf(row("KTR-2"))).toContain("Successful"));
  });

  it("shows a voucher's PIN only when asked, from the journal", async () => {
    show({ revealVoucher: (refid: string) => ({ ...voucher, refid, pin: "9876-5432-1098" }) });
    await waitFor(() => row("KTR-3"));
    expect(textOf(row("KTR-3"))).toContain("••••");
    expect(platform.callsTo("revealVoucher")).toEqual([]);
    await click(button(row("KTR-3"), "Show PIN"));
    await waitFor(() => expect(textOf(row("KTR-3"))).toContain("9876-5432-1098"));
    expect(platform.callsTo("revealVoucher")).toEqual([["KTR-3"]]);
    await click(button(row("KTR-3"), "Hide PIN"));
    await waitFor(() => expect(textOf(row("KTR-3"))).not.toContain("9876-5432-1098"));
  });

  it("hands a row to the receipt printer", async () => {
    show({});
    await click(await waitFor(() => button(row("KTR-1"), "Reprint")));
    expect(onPrint).toHaveBeenCalledWith(paid);
  });

  it("says why the journal could not be read", async () => {
    show({ history: refuse({ kind: "storage", detail: "unable to open database file" }) });
    await waitFor(() => expect(textOf(screen.root)).toContain("Kaunter could not read or write its files: unable to open database file"));
    await settle();
    expect(screen.root.querySelector("table.payments")).toBeNull();
  });
});
