// Words that come from the API or the core (entry types, statuses, keychain problems)
// shown in the cashier's language. A word Kaunter does not know is shown as it came:
// the API's value sets are not all documented.
import { say, t, type MessageKey, type Words } from "./i18n";
import { describeError } from "./errors";
import type { ExportKind } from "./bindings/ExportKind";
import type { FailureReason } from "./bindings/FailureReason";
import type { IimmpactState } from "./bindings/IimmpactState";
import type { KeychainProblem } from "./bindings/KeychainProblem";
import type { MismatchKind } from "./bindings/MismatchKind";
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

// How reconciliation found the journal and IIMMPACT to disagree (`MismatchKind` in
// crates/kaunter/src/reconcile): a kind added there is a type error here until worded.
// Listed in the order the screen's filter offers them.
const MISMATCH_KINDS: Record<MismatchKind, Words> = {
  refunded_after_the_fact: ["Refunded by IIMMPACT after the sale", "Dipulangkan oleh IIMMPACT selepas jualan"],
  charged_but_journal_failed: ["Charged at IIMMPACT, not successful here", "Dicaj di IIMMPACT, tidak berjaya di sini"],
  amount_differs: ["The amount differs", "Jumlah berbeza"],
  product_differs: ["The product differs", "Produk berbeza"],
  only_at_iimmpact: ["Only at IIMMPACT (another counter or tool)", "Hanya di IIMMPACT (kaunter atau alat lain)"],
  succeeded_in_journal_but_absent_or_failed_at_iimmpact: [
    "Successful here, missing or failed at IIMMPACT",
    "Berjaya di sini, tiada atau gagal di IIMMPACT",
  ],
  open_in_journal_final_at_iimmpact: [
    "Open here, final at IIMMPACT: settled from IIMMPACT",
    "Terbuka di sini, muktamad di IIMMPACT: diselesaikan mengikut IIMMPACT",
  ],
  open_in_journal_absent_at_iimmpact: [
    "Open here, not at IIMMPACT: still being re-checked",
    "Terbuka di sini, tiada di IIMMPACT: masih disemak semula",
  ],
  final_in_journal_open_at_iimmpact: ["Final here, still pending at IIMMPACT", "Muktamad di sini, masih dalam proses di IIMMPACT"],
  unclear_at_iimmpact: ["Unclear at IIMMPACT: check it by hand", "Tidak jelas di IIMMPACT: semak secara manual"],
};

export const MISMATCH_KIND_ORDER = Object.keys(MISMATCH_KINDS) as MismatchKind[];

export function mismatchKindText(kind: MismatchKind, lang?: Language): string {
  return say(MISMATCH_KINDS[kind], {}, lang);
}

const IIMMPACT_STATES: Record<IimmpactState, MessageKey> = {
  pending: "status_pending",
  succeeded: "status_succeeded",
  failed: "status_failed",
  refunded: "status_refunded",
  unclear: "iimmpact_unclear",
};

/** Where a payment stands in IIMMPACT's history, in the words used for the journal's states. */
export function iimmpactStateText(state: IimmpactState, lang?: Language): string {
  return t(IIMMPACT_STATES[state], {}, lang);
}
