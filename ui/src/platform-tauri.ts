// The platform in the real window: the only module that touches Tauri.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { save } from "@tauri-apps/plugin-dialog";
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import { toErrorPayload, type Platform } from "./platform";
import type { Command } from "./bindings/Command";
import type { PaymentRequest } from "./bindings/PaymentRequest";
import type {
  AccountThreshold, AppStatus, Balance, BillCheck, Callback, Choice, CredentialStatus, DayTotals, EffectiveThreshold,
  ErrorPayload, ExportProgress, Payment, TransactionSummary, MonthStatement, ShiftReport, Product, Receipt, ReconcileReport, Settings, LookupReport, FoundPayment, ProblemReport, Summary, Supervisor, NetworkStatus,
} from "./types";
import type { BlockStatus } from "./bindings/BlockStatus";

/**
 * How often the export screen asks how far an export is. Asked, not sent: every message the
 * shell pushes into the page is a script WebKitGTK evaluates and keeps memory for, for the
 * page's life (docs/measurements.md, "Export pacing and memory"). Twice a second: each answer
 * and its rendering also cost the web process memory, and once a second showed no progress at
 * all in a 2-second export.
 */
export const EXPORT_PROGRESS_POLL_MS = 500;

/** The core's event for every change of a payment's state (src-tauri forwards `session.updates()`). */
const PAYMENT_UPDATED = "payment-updated";

export function createTauriPlatform(): Platform {
  // Whoever must know that IIMMPACT blocked this PC (the app-wide banner), whichever
  // command ran into it.
  const rateLimitWatchers = new Set<(error: ErrorPayload) => void>();

  /** Only a registered command type-checks; each is granted to the window (src-tauri/capabilities). */
  async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
    try {
      return await invoke<T>(cmd, args);
    } catch (err) {
      const error = toErrorPayload(err);
      if (error.kind === "rate_limited") rateLimitWatchers.forEach((watch) => watch(error));
      throw error;
    }
  }

  return {
    appStatus: () => call<AppStatus>("app_status"),
    balance: () => call<Balance>("balance"),
    products: () => call<Product[]>("products"),
    networkStatus: (product) => call<NetworkStatus>("network_status", { product }),
    options: (product, field, account) => call<Choice[]>("options", { product, field, account }),
    billCheck: (product, account) => call<BillCheck>("bill_check", { product, account }),
    pay: (order, confirmDuplicate) => {
      const request: PaymentRequest = {
        product: order.product,
        account: order.account,
        amount: order.amount,
        extras: order.extras ?? {},
        confirm_duplicate: confirmDuplicate,
      };
      return call<Payment>("pay", { request });
    },
    paymentStatus: (refid) => call<Payment>("payment_status", { refid }),
    onPaymentUpdated: async (onUpdate) => listen<Payment>(PAYMENT_UPDATED, (event) => onUpdate(event.payload)),
    onRateLimited: (onLimited) => {
      rateLimitWatchers.add(onLimited);
      return () => rateLimitWatchers.delete(onLimited);
    },
    blockStatus: () => call<BlockStatus | null>("block_status"),
    unblockCheck: () => call<BlockStatus | null>("unblock_check"),
    history: (query) => call<Payment[]>("history", { query }),
    dayTotals: (day) => call<DayTotals>("day_totals", { day }),
    lookup: (query) => call<Payment[]>("lookup", { query }),
    exportHistory: (query, path, format, overwrite) => call<Summary>("history_export", { query, path, format, overwrite }),
    chargeLookup: (query) => call<LookupReport>("charge_lookup", { query }),
    lookupRecheck: (key) => call<FoundPayment>("lookup_recheck", { key }),
    reportProblem: (problem) => call<ProblemReport>("report_problem", { problem }),
    revealVoucher: (refid) => call<Payment>("reveal_voucher", { refid }),
    exportStatement: async (request, path, onProgress) => {
      let running = true;
      let shown: ExportProgress | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // One question at a time: the next is asked only after the answer to the last.
      const ask = async () => {
        const progress = await call<ExportProgress | null>("export_progress").catch(() => null);
        // An answer that comes after the export ended would paint the bar over the result.
        if (!running) return;
        if (progress && (progress.rows !== shown?.rows || progress.pages !== shown?.pages)) {
          shown = progress;
          onProgress(progress);
        }
        timer = setTimeout(() => void ask(), EXPORT_PROGRESS_POLL_MS);
      };
      timer = setTimeout(() => void ask(), EXPORT_PROGRESS_POLL_MS);
      try {
        return await call<Summary>("export_start", { request, path });
      } finally {
        running = false;
        clearTimeout(timer);
      }
    },
    cancelExport: () => call<void>("export_cancel"),
    reconcile: (from, to) => call<ReconcileReport>("reconcile", { from, to }),
    exportReconcile: (from, to, path, format, overwrite) =>
      call<Summary>("reconcile_export", { from, to, path, format, overwrite }),
    transactionSummary: (from, to) => call<TransactionSummary>("transaction_summary", { from, to }),
    exportSummary: (from, to, by, path, format, overwrite) =>
      call<Summary>("summary_export", { from, to, by, path, format, overwrite }),
    monthStatement: (month) => call<MonthStatement>("month_statement", { month }),
    exportMonthStatement: (month, path, format, overwrite) =>
      call<Summary>("month_statement_export", { month, path, format, overwrite }),
    shiftReport: (day) => call<ShiftReport>("shift_report", { day }),
    exportShift: (day, path, format, overwrite) => call<Summary>("shift_export", { day, path, format, overwrite }),
    credentialStatus: () => call<CredentialStatus[]>("credentials_status"),
    setCredentials: (environment, api_key, secret) => call<CredentialStatus>("credentials_set", { environment, api_key, secret }),
    signIn: (environment, username, password) => call<CredentialStatus>("credentials_sign_in", { environment, username, password }),
    clearCredentials: (environment) => call<CredentialStatus>("credentials_clear", { environment }),
    testCredentials: (environment) => call<Balance>("credentials_test", { environment }),
    settings: () => call<Settings>("settings_get"),
    saveSettings: (settings) => call<Settings>("settings_set", { settings }),
    supervisorStatus: () => call<Supervisor>("supervisor_status"),
    supervisorVerify: (pin) => call<Supervisor>("supervisor_verify", { pin }),
    supervisorSet: (pin) => call<Supervisor>("supervisor_set", { pin }),
    supervisorSkip: () => call<Supervisor>("supervisor_skip"),
    supervisorLock: () => call<void>("supervisor_lock"),
    accountThreshold: () => call<AccountThreshold>("account_threshold_get"),
    setAccountThreshold: (amount) => call<AccountThreshold>("account_threshold_set", { amount }),
    accountCallback: () => call<Callback>("account_callback_get"),
    setAccountCallback: (url, method) => call<Callback>("account_callback_set", { url, method }),
    lowBalanceThreshold: () => call<EffectiveThreshold>("low_balance_threshold"),
    chooseSavePath: async (defaultName) => {
      // The workbook first, as the name suggested; CSV stays one choice (or typed name) away.
      const filters = [
        { name: "Excel (.xlsx)", extensions: ["xlsx"] },
        { name: "CSV (.csv)", extensions: ["csv"] },
      ];
      const path = await save({ defaultPath: defaultName, filters });
      return path ?? null;
    },
    revealFile: (path) => revealItemInDir(path),
    receipt: (refid) => call<Receipt>("receipt", { refid }),
    printReceipt: () => call<void>("print_receipt"),
    exportFolder: () => call<string>("export_folder"),
    firstPaint: () => call<void>("first_paint"),
    logUiError: (report) => call<void>("log_ui_error", { report }),
    diagnostics: () => call<string>("diagnostics"),
    // The webview's own clipboard: no plugin. The write starts before this function's
    // first await, so it is still within the click.
    copyText: async (text) => {
      await navigator.clipboard.writeText(text);
    },
  };
}
