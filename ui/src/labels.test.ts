import { describe, expect, it } from "vitest";
import { keychainProblemText, summaryGroupLabel } from "./labels";

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
  it("explains a known keychain problem in Malay, and passes on the core's text for any other", () => {
    const problem = { summary: "the keyring is locked", remedy: "unlock it", detail: "timeout" };
    expect(keychainProblemText({ ...problem, kind: "locked" }, "ms")).toMatch(/^Rantai kunci berkunci/);
    expect(keychainProblemText({ ...problem, kind: "other" }, "ms")).toBe("the keyring is locked — unlock it");
  });
});
