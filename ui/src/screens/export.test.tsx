// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { Export } from "./export";
import { createTestPlatform, type TestPlatform } from "../testing/platform";
import { button, choose, click, field, mount, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { settings } from "../testing/fixtures";
import { todayGmt8 } from "../dates";
import type { Summary } from "../types";

const FOLDER = "/home/ali/Documents/";
const SUMMARY: Summary = { rows: 3, opening_balance: "100.00", closing_balance: "90.00", groups: [] };

let screen: Mounted;
let platform: TestPlatform;

function start() {
  platform = createTestPlatform({ exportFolder: FOLDER, exportStatement: SUMMARY, chooseSavePath: null });
  screen = mount(<Export defaults={settings.export} />, platform);
}

afterEach(() => screen.unmount());

const savePath = () => field(screen.root, "Save to") as HTMLInputElement;
const bomBox = () => screen.root.querySelector<HTMLInputElement>("#export-bom");

describe("the statement export", () => {
  it("suggests an Excel workbook named after the report and the day", async () => {
    start();
    const today = todayGmt8();
    await waitFor(() => expect(savePath().value).toBe(`${FOLDER}statement_${today}.xlsx`));
    expect(textOf(screen.root)).toContain("Saved as an Excel workbook (.xlsx); end the name in .csv for a CSV file.");
    // A workbook has no byte-order mark to choose.
    expect(bomBox()).toBeNull();

    await choose(field(screen.root, "Report") as HTMLSelectElement, "transactions");
    expect(savePath().value).toBe(`${FOLDER}transactions_${today}.xlsx`);

    await click(button(screen.root, "Choose…"));
    expect(platform.callsTo("chooseSavePath")).toEqual([[`${FOLDER}transactions_${today}.xlsx`]]);
  });

  it("exports to the suggested workbook", async () => {
    start();
    await waitFor(() => expect(savePath().value).toMatch(/\.xlsx$/));
    await click(button(screen.root, "Export"));
    await waitFor(() => expect(platform.callsTo("exportStatement")).toHaveLength(1));
    const [request, path] = platform.callsTo("exportStatement")[0];
    expect(path).toBe(`${FOLDER}statement_${todayGmt8()}.xlsx`);
    expect(request.what).toEqual({ kind: "balance_statement", entry_type: null });
  });

  it("writes CSV when the name typed ends in .csv, with the byte-order mark to choose", async () => {
    start();
    await waitFor(() => expect(savePath().value).toMatch(/\.xlsx$/));
    await type(savePath(), `${FOLDER}for-the-bank.CSV`);
    expect(bomBox()?.checked).toBe(true);
    await click(bomBox()!);
    await click(button(screen.root, "Export"));
    await waitFor(() => expect(platform.callsTo("exportStatement")).toHaveLength(1));
    const [request, path] = platform.callsTo("exportStatement")[0];
    expect(path).toBe(`${FOLDER}for-the-bank.CSV`);
    expect(request.format).toEqual({ bom: false, crlf: true });
  });

  it("shows the progress without announcing it, and announces the start and the outcome", async () => {
    start();
    let finish: (summary: Summary) => void = () => {};
    platform.script("exportStatement", (_request, _path, onProgress) => {
      onProgress({ rows: 1_000, pages: 1, total_rows: 20_000, total_pages: 20 });
      return new Promise<Summary>((resolve) => (finish = resolve));
    });
    await waitFor(() => expect(savePath().value).toMatch(/\.xlsx$/));
    await click(button(screen.root, "Export"));

    const live = () => screen.root.querySelector(".export-status [aria-live]");
    await waitFor(() => expect(textOf(screen.root.querySelector(".export-status .progress")!)).toBe("1,000 rows, 1/20 pages"));
    const bar = screen.root.querySelector("progress")!;
    expect([bar.value, bar.max, bar.getAttribute("aria-label")]).toEqual([1, 20, "Exporting…"]);
    // A screen reader hears "Exporting…" once, not each new row count.
    expect(textOf(live()!)).toBe("Exporting…");
    expect(live()!.contains(bar)).toBe(false);

    finish(SUMMARY);
    await waitFor(() => expect(textOf(live()!)).toContain("Saved 3 rows to"));
    expect(screen.root.querySelector("progress")).toBeNull();
  });
});
