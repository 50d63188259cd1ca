// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { Lookup } from "./lookup";
import { createTestPlatform, refuse, type Replies, type TestPlatform } from "../testing/platform";
import { button, click, field, mount, queryButton, settle, textOf, type, waitFor, type Mounted } from "../testing/screen";
import { payment } from "../testing/fixtures";
import { setLanguage } from "../i18n";
import type { FoundPayment, LookupReport } from "../types";

const ours = payment({ refid: "KTR-1", account: "0123456789", amount: "10.00", state: "succeeded" });
const fromHere: FoundPayment = {
  source: "this_pc", refid: "KTR-1", account: "0123456789", day: "2026-11-25",
  product: "D", amount: "10.00", state: "succeeded", at: ours.created_at, payment: ours,
};
const elsewhere: FoundPayment = {
  source: "iimmpact", refid: "COUNTER2-0001", trxid: "900000001", account: "0012345678", day: "2026-11-24",
  product: "D", product_name: "Digi Prepaid", amount: "15.00", state: "succeeded", counter: "Counter 2",
  at: "2026-11-24T02:00:00Z",
};
const atIimmpact = (found: FoundPayment[]): LookupReport => ({
  query: "0012345678", asked_iimmpact: true, from: "2026-11-19", to: "2026-11-25", found,
});

let screen: Mounted;
let platform: TestPlatform;

function show(replies: Replies) {
  platform = createTestPlatform(replies);
  screen = mount(<Lookup onClose={vi.fn()} onPrint={vi.fn()} />, platform);
}

async function lookFor(text: string) {
  await type(field(screen.root, "Account number or reference"), text);
  await click(button(screen.root, "Search"));
}

const iimmpactRow = () => screen.root.querySelector("table.found tbody tr") as HTMLElement;

afterEach(() => {
  setLanguage("en");
  screen.unmount();
});

describe("was this customer charged?", () => {
  it("shows this PC's payment as found here, with its reprint", async () => {
    show({ chargeLookup: { query: "0123456789", asked_iimmpact: false, from: "2026-11-19", to: "2026-11-25", found: [fromHere] } });
    await lookFor(" 0123456789 ");
    await waitFor(() => expect(textOf(screen.root)).toContain("Found in this counter's journal"));
    expect(platform.callsTo("chargeLookup")).toEqual([["0123456789"]]);
    expect(textOf(screen.root)).toContain("KTR-1");
    expect(screen.root.querySelector("table.found")).toBeNull();
    expect(button(screen.root, "Reprint")).toBeTruthy();
  });

  it("shows another counter's payment as found at IIMMPACT, re-checks it there", async () => {
    show({ chargeLookup: atIimmpact([elsewhere]), lookupRecheck: { ...elsewhere, state: "refunded" } });
    await lookFor("0012345678");
    await waitFor(() => iimmpactRow());
    expect(textOf(screen.root)).toContain("Not in this counter's journal: found at IIMMPACT (19/11/2026 to 25/11/2026)");
    const row = textOf(iimmpactRow());
    for (const shown of ["0012345678", "RM 15.00", "COUNTER2-0001", "900000001", "Counter 2", "IIMMPACT", "Successful"]) {
      expect(row).toContain(shown);
    }
    expect(queryButton(iimmpactRow(), "Reprint")).toBeNull();
    await click(button(iimmpactRow(), "Re-check"));
    await waitFor(() => expect(textOf(iimmpactRow())).toContain("Refunded"));
    expect(platform.callsTo("lookupRecheck")[0][0]).toMatchObject({ source: "iimmpact", trxid: "900000001", account: "0012345678" });
    expect(queryButton(iimmpactRow(), "Report to IIMMPACT")).toBeNull();
  });

  it("says nobody charged the customer when IIMMPACT has nothing either", async () => {
    show({ chargeLookup: atIimmpact([]) });
    await lookFor("0199999999");
    await waitFor(() => expect(textOf(screen.root)).toContain("no payment in this counter's journal, nor at IIMMPACT from 19/11/2026 to 25/11/2026"));
  });

  it("reports a payment to IIMMPACT with the reason and the customer's e-mail, and shows IIMMPACT's answer", async () => {
    show({
      chargeLookup: atIimmpact([elsewhere]),
      reportProblem: { refid: "COUNTER2-0001", trxid: "900000001", reason: "PIN rejected", outcome: "received", message: "We've received your request" },
    });
    await lookFor("0012345678");
    await click(await waitFor(() => button(iimmpactRow(), "Report to IIMMPACT")));
    await waitFor(() => expect(textOf(screen.root)).toContain("Report payment COUNTER2-0001 to IIMMPACT"));
    await type(field(screen.root, "What is wrong"), "PIN rejected");
    await type(field(screen.root, "Customer's e-mail (optional)"), " c@example.com ");
    await click(button(screen.root, "Send report"));
    await waitFor(() => expect(textOf(screen.root)).toContain("IIMMPACT opened a case for COUNTER2-0001"));
    expect(textOf(screen.root)).toContain("We've received your request");
    expect(platform.callsTo("reportProblem")).toEqual([
      [{ refid: "COUNTER2-0001", trxid: "900000001", reason: "PIN rejected", emails: ["c@example.com"] }],
    ]);
    expect(queryButton(screen.root, "Send report")).toBeNull();
  });

  it("names the missing reason the core refused, and says a refusal by IIMMPACT", async () => {
    show({ chargeLookup: { query: "0123456789", asked_iimmpact: false, from: "2026-11-19", to: "2026-11-25", found: [fromHere] } });
    await lookFor("0123456789");
    await click(await waitFor(() => button(screen.root, "Report to IIMMPACT")));
    platform.script("reportProblem", refuse({ kind: "invalid", field: "reason", problem: { code: "required" } }));
    await click(button(screen.root, "Send report"));
    await waitFor(() => expect(textOf(screen.root)).toContain("What is wrong"));
    expect(screen.root.querySelector(".report-problem .error, .report-problem [role=alert]")).toBeTruthy();
    platform.script("reportProblem", { refid: "KTR-1", reason: "x", outcome: "refused", message: "A request for this transaction has already been received" });
    await type(field(screen.root, "What is wrong"), "x");
    await click(button(screen.root, "Send report"));
    await waitFor(() => expect(textOf(screen.root)).toContain("IIMMPACT did not accept the report for KTR-1."));
    expect(platform.callsTo("reportProblem")[0][0]).toEqual({ refid: "KTR-1", trxid: undefined, reason: "", emails: [] });
  });

  it("says why IIMMPACT could not be asked", async () => {
    show({ chargeLookup: refuse({ kind: "unavailable" }) });
    await lookFor("0012345678");
    await waitFor(() => expect(textOf(screen.root)).toMatch(/IIMMPACT/));
    await settle();
    expect(screen.root.querySelector("table")).toBeNull();
  });

  it("speaks Bahasa Malaysia", async () => {
    setLanguage("ms");
    show({ chargeLookup: atIimmpact([elsewhere]) });
    await type(field(screen.root, "Nombor akaun atau rujukan"), "0012345678");
    await click(button(screen.root, "Cari"));
    await waitFor(() => expect(textOf(screen.root)).toContain("Tiada dalam jurnal kaunter ini: dijumpai di IIMMPACT"));
    expect(button(iimmpactRow(), "Lapor kepada IIMMPACT")).toBeTruthy();
    expect(textOf(iimmpactRow())).toContain("Semak semula");
  });
});
