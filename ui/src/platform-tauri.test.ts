import { beforeEach, describe, expect, it, vi } from "vitest";

// The window's IPC, replaced: these tests hold the Tauri platform to the command names
// and argument shapes the shell registers.
const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn() }));
const save = vi.fn();
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: (...args: unknown[]) => save(...args) }));
vi.mock("@tauri-apps/plugin-opener", () => ({ revealItemInDir: vi.fn() }));

const { createTauriPlatform, EXPORT_PROGRESS_POLL_MS } = await import("./platform-tauri");

beforeEach(() => {
  invoke.mockReset();
});

describe("the Tauri platform", () => {
  it("writes a render error to the log through log_ui_error, as one report", async () => {
    invoke.mockResolvedValue(null);
    await createTauriPlatform().logUiError({ message: "boom", stack: "Error: boom\n    at Counter" });
    expect(invoke).toHaveBeenCalledWith("log_ui_error", { report: { message: "boom", stack: "Error: boom\n    at Counter" } });
  });

  it("sends a missing stack as null, not as an absent field", async () => {
    invoke.mockResolvedValue(null);
    await createTauriPlatform().logUiError({ message: "bad state", stack: null });
    expect(invoke.mock.calls[0][1]).toStrictEqual({ report: { message: "bad state", stack: null } });
  });

  it("pays with the request the core expects", async () => {
    invoke.mockResolvedValue({ refid: "KTR-1" });
    const order = { product: "D", productName: "Digi Prepaid", account: "0123456789", amount: "10.00" };
    await createTauriPlatform().pay(order, true);
    expect(invoke).toHaveBeenCalledWith("pay", {
      request: { product: "D", account: "0123456789", amount: "10.00", extras: {}, confirm_duplicate: true },
    });
  });

  it("sends a plan's or biller's extras with the payment, and nothing of what is only read back", async () => {
    invoke.mockResolvedValue({ refid: "KTR-1" });
    const order = {
      product: "JOMPAY", productName: "JomPAY", account: "INV1001", amount: "150.00",
      extras: { biller_code: "5454", ref2: "R2", ic_number: "900101-14-5678" },
      readBack: [{ label: "choice_biller" as const, value: "Demo Water Board (5454)" }],
    };
    await createTauriPlatform().pay(order, false);
    expect(invoke.mock.calls[0][1]).toStrictEqual({
      request: {
        product: "JOMPAY", account: "INV1001", amount: "150.00",
        extras: { biller_code: "5454", ref2: "R2", ic_number: "900101-14-5678" }, confirm_duplicate: false,
      },
    });
  });

  it("asks for a product's choices with the argument names the shell's options command takes", async () => {
    invoke.mockResolvedValue([]);
    await createTauriPlatform().options("HI", "plan", "0123456788");
    expect(invoke).toHaveBeenCalledWith("options", { product: "HI", field: "plan", account: "0123456788" });
  });

  it("reconciles and exports with the argument names the shell's commands take", async () => {
    invoke.mockResolvedValue({});
    const platform = createTauriPlatform();
    await platform.reconcile("2026-11-24", "2026-11-25");
    await platform.exportReconcile("2026-11-24", "2026-11-25", "/home/ali/r.xlsx", { bom: true, crlf: false }, false);
    expect(invoke.mock.calls).toEqual([
      ["reconcile", { from: "2026-11-24", to: "2026-11-25" }],
      ["reconcile_export", { from: "2026-11-24", to: "2026-11-25", path: "/home/ali/r.xlsx", format: { bom: true, crlf: false }, overwrite: false }],
    ]);
  });

  it("asks for the summaries and reports with the argument names the shell's commands take", async () => {
    invoke.mockResolvedValue({});
    const platform = createTauriPlatform();
    await platform.transactionSummary("2026-11-24", "2026-11-25");
    await platform.exportSummary("2026-11-24", "2026-11-25", "counter", "/home/ali/s.xlsx", { bom: false, crlf: true }, true);
    await platform.monthStatement("2026-10");
    await platform.exportMonthStatement("2026-10", "/home/ali/m.xlsx", { bom: true, crlf: true }, false);
    await platform.shiftReport("2026-11-25");
    await platform.exportShift("2026-11-25", "/home/ali/shift.csv", { bom: false, crlf: false }, true);
    expect(invoke.mock.calls).toEqual([
      ["transaction_summary", { from: "2026-11-24", to: "2026-11-25" }],
      ["summary_export", { from: "2026-11-24", to: "2026-11-25", by: "counter", path: "/home/ali/s.xlsx", format: { bom: false, crlf: true }, overwrite: true }],
      ["month_statement", { month: "2026-10" }],
      ["month_statement_export", { month: "2026-10", path: "/home/ali/m.xlsx", format: { bom: true, crlf: true }, overwrite: false }],
      ["shift_report", { day: "2026-11-25" }],
      ["shift_export", { day: "2026-11-25", path: "/home/ali/shift.csv", format: { bom: false, crlf: false }, overwrite: true }],
    ]);
  });

  it("fetches the diagnostics report from the core and copies with the webview's own clipboard", async () => {
    invoke.mockResolvedValue("Kaunter diagnostics\n");
    const platform = createTauriPlatform();
    expect(await platform.diagnostics()).toBe("Kaunter diagnostics\n");
    expect(invoke).toHaveBeenCalledWith("diagnostics", undefined);

    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    try {
      const copying = platform.copyText("report");
      // Written at once, within the click that asked for it.
      expect(writeText).toHaveBeenCalledWith("report");
      await copying;
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("offers the workbook first in the save dialog, and CSV beside it", async () => {
    save.mockResolvedValue("/home/ali/Documents/statement_2026-11-25.xlsx");
    const picked = await createTauriPlatform().chooseSavePath("statement_2026-11-25.xlsx");
    expect(picked).toBe("/home/ali/Documents/statement_2026-11-25.xlsx");
    const [{ defaultPath, filters }] = save.mock.calls[0];
    expect(defaultPath).toBe("statement_2026-11-25.xlsx");
    expect(filters.map((f: { extensions: string[] }) => f.extensions)).toEqual([["xlsx"], ["csv"]]);
  });

  it("rejects with an ErrorPayload and tells the block's watchers, whatever the command", async () => {
    const platform = createTauriPlatform();
    const watcher = vi.fn();
    const stop = platform.onRateLimited(watcher);
    const blocked = { kind: "rate_limited", until: "2026-11-25T08:00:00Z", bare_forbidden: false };
    invoke.mockRejectedValue(blocked);
    await expect(platform.balance()).rejects.toEqual(blocked);
    expect(watcher).toHaveBeenCalledWith(blocked);

    stop();
    invoke.mockRejectedValue("IPC went away");
    await expect(platform.products()).rejects.toEqual({ kind: "internal", detail: "IPC went away" });
    await expect(platform.balance()).rejects.toMatchObject({ kind: "internal" });
    expect(watcher).toHaveBeenCalledTimes(1);
  });

  it("asks for an export's progress while it runs, shows each change once, and nothing after it ends", async () => {
    vi.useFakeTimers();
    try {
      const page = (pages: number) => ({ rows: pages * 100, pages, total_rows: 300, total_pages: 3 });
      const answers = [null, page(1), page(1), page(2)];
      let finish: (summary: unknown) => void = () => {};
      invoke.mockImplementation((cmd: string) => {
        if (cmd === "export_start") return new Promise((ok) => (finish = ok));
        if (cmd === "export_progress") return Promise.resolve(answers.length ? answers.shift() : page(3));
        return Promise.reject(new Error(`unexpected ${cmd}`));
      });
      const seen: unknown[] = [];
      const request = { what: { kind: "transactions" }, from: "2026-12-01", to: "2026-12-01", format: { bom: false, crlf: false }, overwrite: false } as const;
      const done = createTauriPlatform().exportStatement(request, "/tmp/t.csv", (p) => seen.push(p));
      expect(invoke).toHaveBeenCalledWith("export_start", { request, path: "/tmp/t.csv" });
      await vi.advanceTimersByTimeAsync(EXPORT_PROGRESS_POLL_MS * 4);
      expect(seen).toEqual([page(1), page(2)]);
      // A question is in flight when the export ends: its answer is dropped, and none follows.
      let answer: (p: unknown) => void = () => {};
      invoke.mockImplementation((cmd: string) =>
        cmd === "export_progress" ? new Promise((ok) => (answer = ok)) : Promise.reject(new Error(cmd)),
      );
      await vi.advanceTimersByTimeAsync(EXPORT_PROGRESS_POLL_MS);
      const asked = invoke.mock.calls.filter(([cmd]) => cmd === "export_progress").length;
      finish({ rows: 300 });
      await expect(done).resolves.toEqual({ rows: 300 });
      answer(page(3));
      await vi.advanceTimersByTimeAsync(EXPORT_PROGRESS_POLL_MS * 5);
      expect(seen).toEqual([page(1), page(2)]);
      expect(invoke.mock.calls.filter(([cmd]) => cmd === "export_progress")).toHaveLength(asked);
    } finally {
      vi.useRealTimers();
    }
  });
});
