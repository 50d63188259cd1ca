// What the screens may ask of the world outside the page: the core's commands and
// events, the save dialog, the file manager, the app's log. Screens reach it only
// through `usePlatform()`, so the same screens run in the window (platform-tauri.ts)
// and in tests without one (testing/platform.ts).
import { createContext, h, type ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import type { Order } from "./payflow";
import type { BlockStatus } from "./bindings/BlockStatus";
import type {
  AccountThreshold, AppStatus, Balance, BillCheck, Callback, Choice, CredentialStatus, DayTotals, EffectiveThreshold,
  Environment, ErrorPayload, ExportProgress, ExportRequest, Summary, HistoryQuery, NetworkStatus, Payment,
  Product, Receipt, ReconcileReport, Settings, Supervisor, CsvFormat, LookupReport, FoundPayment, PaymentKey,
  ProblemRequest, ProblemReport, TransactionSummary, SummaryBy, MonthStatement, ShiftReport,
} from "./types";

/** A render error as the app's log file keeps it. */
export type { UiErrorReport } from "./bindings/UiErrorReport";
import type { UiErrorReport } from "./bindings/UiErrorReport";

/**
 * Every rejection is an ErrorPayload, whatever failed (IPC itself, a plugin, or the core):
 * the core's carries a `kind`; anything else is wrapped, its own words kept for support.
 */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err && typeof err === "object" && "kind" in err && typeof err.kind === "string") return err as ErrorPayload;
  return { kind: "internal", detail: String(err) };
}

export interface Platform {
  appStatus(): Promise<AppStatus>;
  balance(): Promise<Balance>;
  products(): Promise<Product[]>;
  networkStatus(product: string): Promise<NetworkStatus>;
  /**
   * A product's choices (data plans, JomPAY billers, PTPTN/SSPN account types) from its
   * `field` (its own choice field when null), for `account` where they depend on it.
   */
  options(product: string, field: string | null, account: string | null): Promise<Choice[]>;
  billCheck(product: string, account: string): Promise<BillCheck>;
  pay(order: Order, confirmDuplicate: boolean): Promise<Payment>;
  paymentStatus(refid: string): Promise<Payment>;
  /**
   * Calls `onUpdate` with every payment whose state changes, from any cause (the
   * background follower, a re-check, a payment made here). Resolves to the unsubscribe.
   */
  onPaymentUpdated(onUpdate: (payment: Payment) => void): Promise<() => void>;
  /** Calls `onLimited` whenever a command is refused because IIMMPACT blocked this PC. Returns the unsubscribe. */
  onRateLimited(onLimited: (error: ErrorPayload) => void): () => void;
  /** The IP block in force, remembered by the core; asks IIMMPACT nothing. */
  blockStatus(): Promise<BlockStatus | null>;
  /** One request to IIMMPACT, on the cashier's say-so: null when the block is lifted. */
  unblockCheck(): Promise<BlockStatus | null>;
  history(query: HistoryQuery): Promise<Payment[]>;
  dayTotals(day: string): Promise<DayTotals>;
  /** This counter's journal by refid or account (what a confirmation names); asks IIMMPACT nothing. */
  lookup(query: string): Promise<Payment[]>;
  /**
   * The journal (all of it, whatever `query.limit`) as `path`: a workbook, or CSV laid out by
   * `format` when the name ends in .csv. `file_exists` unless `overwrite`.
   */
  exportHistory(query: HistoryQuery, path: string, format: CsvFormat, overwrite: boolean): Promise<Summary>;
  /** "Was this customer charged?": this journal, then IIMMPACT's last days when it has nothing. */
  chargeLookup(query: string): Promise<LookupReport>;
  /** A payment the lookup found, asked about again where it was found. */
  lookupRecheck(key: PaymentKey): Promise<FoundPayment>;
  /** Reports a successful payment to IIMMPACT; a refusal there is an outcome, not a rejection. */
  reportProblem(problem: ProblemRequest): Promise<ProblemReport>;
  /** The journalled payment with its voucher PIN and link opened: only on the cashier's say-so. */
  revealVoucher(refid: string): Promise<Payment>;
  exportStatement(request: ExportRequest, path: string, onProgress: (p: ExportProgress) => void): Promise<Summary>;
  cancelExport(): Promise<void>;
  /**
   * This journal's payments of the days `from`..`to` (GMT+8) against IIMMPACT's records;
   * settles the open payments IIMMPACT has final (each also comes as a payment update).
   */
  reconcile(from: string, to: string): Promise<ReconcileReport>;
  /**
   * The mismatches of the report last shown for `from`..`to`, to `path` (a workbook, or
   * CSV laid out by `format` when the name ends in .csv). `file_exists` unless `overwrite`.
   */
  exportReconcile(from: string, to: string, path: string, format: CsvFormat, overwrite: boolean): Promise<Summary>;
  /** Sales per day, product and counter from IIMMPACT's transactions of the days `from`..`to` (GMT+8). */
  transactionSummary(from: string, to: string): Promise<TransactionSummary>;
  /**
   * The `by` breakdown of the summary last shown for `from`..`to`, to `path` (a workbook,
   * or CSV laid out by `format` when the name ends in .csv). `file_exists` unless `overwrite`.
   */
  exportSummary(from: string, to: string, by: SummaryBy, path: string, format: CsvFormat, overwrite: boolean): Promise<Summary>;
  /** The wallet's statement for `month` ("2026-11"), up to today for this month. */
  monthStatement(month: string): Promise<MonthStatement>;
  /**
   * The statement last shown for `month`, to `path` (a workbook, or CSV laid out by
   * `format` when the name ends in .csv). `file_exists` unless `overwrite`.
   */
  exportMonthStatement(month: string, path: string, format: CsvFormat, overwrite: boolean): Promise<Summary>;
  /** This counter's end-of-shift report for `day`, from the journal alone. */
  shiftReport(day: string): Promise<ShiftReport>;
  /** The end-of-shift report of `day` to `path`, as `exportMonthStatement` writes. */
  exportShift(day: string, path: string, format: CsvFormat, overwrite: boolean): Promise<Summary>;
  credentialStatus(): Promise<CredentialStatus[]>;
  setCredentials(environment: Environment, apiKey: string, secret: string): Promise<CredentialStatus>;
  /** The legacy sign-in: the password goes to the core (and IIMMPACT) once, and is kept nowhere. */
  signIn(environment: Environment, username: string, password: string): Promise<CredentialStatus>;
  clearCredentials(environment: Environment): Promise<CredentialStatus>;
  testCredentials(environment: Environment): Promise<Balance>;
  settings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  supervisorStatus(): Promise<Supervisor>;
  /** Holds the unlock in the shell until `supervisorLock`; `null` when the shop has no PIN. */
  supervisorVerify(pin: string | null): Promise<Supervisor>;
  supervisorSet(pin: string): Promise<Supervisor>;
  supervisorSkip(): Promise<Supervisor>;
  supervisorLock(): Promise<void>;
  accountThreshold(): Promise<AccountThreshold>;
  setAccountThreshold(amount: string): Promise<AccountThreshold>;
  accountCallback(): Promise<Callback>;
  setAccountCallback(url: string, method: string): Promise<Callback>;
  /** Where the header's low-balance warning starts; never fails for want of IIMMPACT. */
  lowBalanceThreshold(): Promise<EffectiveThreshold>;
  /** The save dialog; `null` when the user closed it. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  revealFile(path: string): Promise<void>;
  /**
   * The payment's receipt as the core lays it out for the app and the CLI alike, with a
   * voucher's PIN and link opened (so only when a receipt is shown or printed).
   */
  receipt(refid: string): Promise<Receipt>;
  /** The system print dialog; the print stylesheet shows only what `print.ts` marked to print. */
  printReceipt(): Promise<void>;
  /** Where exports go unless the cashier chooses otherwise, ending in a path separator. */
  exportFolder(): Promise<string>;
  /** Stamps the first frame of the counter for scripts/bench-app.sh (a no-op unless it asks). */
  firstPaint(): Promise<void>;
  /** The diagnostics report support asks for, as plain text (English, credentials masked). */
  diagnostics(): Promise<string>;
  /**
   * Puts `text` on the clipboard. WebKit allows it only within a click: call it from the
   * click's handler before awaiting anything.
   */
  copyText(text: string): Promise<void>;
  /** A render error, into the app's log file: the cashier only sees a calm note, support needs the stack. */
  logUiError(report: UiErrorReport): Promise<void>;
}

const PlatformContext = createContext<Platform | null>(null);

export function PlatformProvider({ platform, children }: { platform: Platform; children: ComponentChildren }) {
  return h(PlatformContext.Provider, { value: platform }, children);
}

export function usePlatform(): Platform {
  const platform = useContext(PlatformContext);
  // A screen rendered outside the provider would otherwise fail later, on its first call.
  if (!platform) throw new Error("usePlatform: no PlatformProvider above this component");
  return platform;
}

/** For class components (the error boundary), which read a context through `contextType`. */
export { PlatformContext };
