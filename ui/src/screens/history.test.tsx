// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { History } from "./history";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, choose, click, field, mount, queryButton, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { payment } from "../testing/fixtures";
import type { Payment } from "../types";

// 12:00 in Malaysia: the counter's day is the 25th whatever the PC's zone.
const NOW = new Date("2026-11-25T04:00:00Z");
const DAY = "2026-11-25";

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
    ...replies,
  });
  screen = mount(<History onPrint={onPrint} />, platform);
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
  screen.unmount();
  vi.useRealTimers();
});

describe("the history screen", () => {
  it("lists today's payments and the day's totals", async () => {
    show({});
    await waitFor(() => row("KTR-3"));
    expect(platform.callsTo("history")).toEqual([[{ day: DAY }]]);
    expect(platform.callsTo("dayTotals")).toEqual([[DAY]]);
    expect(textOf(row("KTR-2"))).toContain("Maxis Hotlink");
    expect(textOf(row("KTR-2"))).toContain("RM 30.00");
    expect(textOf(row("KTR-2"))).toContain("Pending");
    const totals = textOf(screen.root.querySelector("table.totals")!);
    expect(totals).toContain("Successful Count 2RM 60.00");
    expect(totals).toContain("Pending Count 1RM 30.00");
  });

  it("asks the journal again with the status and account filters", async () => {
    show({});
    await waitFor(() => row("KTR-1"));
    await choose(field(screen.root, "Filter by status") as HTMLSelectElement, "pending");
    await type(field(screen.root, "Filter by account"), " 0198765432 ");
    await waitFor(() => expect(platform.callsTo("history").at(-1)).toEqual([{ day: DAY, state: "pending", account: "0198765432" }]));
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
