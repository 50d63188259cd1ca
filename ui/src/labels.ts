// Words that come from the API or the core (entry types, statuses, keychain problems)
// shown in the cashier's language. A word Kaunter does not know is shown as it came:
// the API's value sets are not all documented.
import { t, type MessageKey } from "./i18n";
import { describeError } from "./errors";
import type { ExportKind } from "./bindings/ExportKind";
import type { FailureReason } from "./bindings/FailureReason";
import type { KeychainProblem } from "./bindings/KeychainProblem";
import type { Language } from "./types";

// The core's canonical words: `StatementEntryType` and `TransactionStatus` in crates/iimmpact.
const ENTRY_TYPES: Record<string, MessageKey> = {
  DEPOSIT: "type_deposit",
  TRANSACTION: "type_transaction",
  REFUND: "type_refund",
  COMMISSION: "type_commission",
};
const TRANSACTION_STATUSES: Record<string, MessageKey> = {
  SUCCESSFUL: "status_succeeded",
  PENDING: "status_pending",
  FAILED: "status_failed",
  REFUND: "status_refunded",
};

/** A line of an export's summary: an entry type for a statement, a status for transactions. */
export function summaryGroupLabel(report: ExportKind["kind"], name: string, lang?: Language): string {
  const word = name.trim();
  const key = (report === "transactions" ? TRANSACTION_STATUSES : ENTRY_TYPES)[word.toUpperCase()];
  if (key) return t(key, {}, lang);
  return word || t("group_none", {}, lang);
}

/** What is wrong with the keychain and what to do, in the cashier's language; the platform's words only where Kaunter knows no remedy. */
export function keychainProblemText(problem: KeychainProblem, lang?: Language): string {
  return describeError({ kind: "keychain", keychain: problem.kind, detail: problem.detail }, lang);
}

/** Why IIMMPACT failed a payment, in the cashier's language. */
export function failureReasonText(reason: FailureReason, lang?: Language): string {
  return t(`failure_${reason}`, {}, lang);
}
