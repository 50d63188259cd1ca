import { describe, expect, it } from "vitest";
import { failureReasonText, keychainProblemText, summaryGroupLabel } from "./labels";

describe("words from the API, in the cashier's language", () => {
  it("names a statement's entry types", () => {
    expect(["COMMISSION", "DEPOSIT", "REFUND", "TRANSACTION"].map((w) => summaryGroupLabel("balance_statement", w, "en"))).toEqual([
      "Commission",
      "Deposit",
      "Refund",
      "Transaction",
    ]);
    expect(["COMMISSION", "DEPOSIT", "REFUND", "TRANSACTION"].map((w) => summaryGroupLabel("balance_statement", w, "ms"))).toEqual([
      "Komisen",
      "Deposit",
      "Bayaran balik",
      "Transaksi",
    ]);
  });
  it("names transaction statuses, the same word meaning a status rather than an entry type", () => {
    expect(summaryGroupLabel("transactions", "SUCCESSFUL", "ms")).toBe("Berjaya");
    expect(summaryGroupLabel("transactions", "REFUND", "en")).toBe("Refunded");
    expect(summaryGroupLabel("balance_statement", "REFUND", "en")).toBe("Refund");
  });
  it("shows an unknown word as it came, and a missing one as such", () => {
    expect(summaryGroupLabel("balance_statement", "ADJUSTMENT", "ms")).toBe("ADJUSTMENT");
    expect(summaryGroupLabel("transactions", " ", "en")).toBe("(none given)");
  });
  it("explains a known keychain problem in Malay, and adds the platform's words to any other", () => {
    const detail = "org.freedesktop.DBus.Error.NoReply";
    expect(keychainProblemText({ kind: "locked", detail }, "ms")).toMatch(/^Rantai kunci berkunci/);
    expect(keychainProblemText({ kind: "locked", detail }, "ms")).not.toContain(detail);
    expect(keychainProblemText({ kind: "other", detail }, "ms")).toMatch(/^Rantai kunci menolak permintaan ini — .*: org\.freedesktop\.DBus\.Error\.NoReply$/);
  });
});

describe("failureReasonText", () => {
  it("words IIMMPACT's failure reasons in either language", () => {
    expect(failureReasonText("insufficient_credit", "en")).toBe("Not enough credit in the wallet");
    expect(failureReasonText("insufficient_credit", "ms")).toBe("Baki dompet tidak mencukupi");
  });
});
