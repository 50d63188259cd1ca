// The only module that touches Tauri. Everything else calls `api`, so screens stay
// plain functions of data and the UI's tests need no window.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { save } from "@tauri-apps/plugin-dialog";
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import type { Order } from "./payflow";
import type { BlockStatus } from "./bindings/BlockStatus";
import type { Command } from "./bindings/Command";
import type { PaymentRequest } from "./bindings/PaymentRequest";
import type {
  AccountThreshold, AppStatus, Balance, BillCheck, Callback, CredentialStatus, DayTotals, EffectiveThreshold,
  Environment, ErrorPayload, ExportProgress, ExportRequest, Summary, HistoryQuery, NetworkStatus, Payment,
  Product, Settings, Supervisor,
} from "./types";

/** Every rejection is an ErrorPayload, whatever failed (IPC itself, a plugin, or the core). */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err && typeof err === "object" && "kind" in err && "message" in err) return err as ErrorPayload;
  return { kind: "internal", message: String(err) };
}

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

/** The core's event for every change of a payment's state (src-tauri forwards `session.updates()`). */
const PAYMENT_UPDATED = "payment-updated";

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  balance: () => call<Balance>("balance"),
  products: () => call<Product[]>("products"),
  networkStatus: (product: string) => call<NetworkStatus>("network_status", { product }),
  billCheck: (product: string, account: string) => call<BillCheck>("bill_check", { product, account }),
  pay: (order: Order, confirmDuplicate: boolean) => {
    const request: PaymentRequest = {
      product: order.product,
      account: order.account,
      amount: order.amount,
      extras: {},
      confirm_duplicate: confirmDuplicate,
    };
    return call<Payment>("pay", { request });
  },
  paymentStatus: (refid: string) => call<Payment>("payment_status", { refid }),
  /**
   * Calls `onUpdate` with every payment whose state changes, from any cause (the
   * background follower, a re-check, a payment made here). Returns the unsubscribe.
   */
  onPaymentUpdated: async (onUpdate: (payment: Payment) => void): Promise<() => void> =>
    listen<Payment>(PAYMENT_UPDATED, (event) => onUpdate(event.payload)),
  /** Calls `onLimited` whenever a command is refused because IIMMPACT blocked this PC. */
  onRateLimited: (onLimited: (error: ErrorPayload) => void): (() => void) => {
    rateLimitWatchers.add(onLimited);
    return () => rateLimitWatchers.delete(onLimited);
  },
  /** The IP block in force, remembered by the core; asks IIMMPACT nothing. */
  blockStatus: () => call<BlockStatus | null>("block_status"),
  /** One request to IIMMPACT, on the cashier's say-so: null when the block is lifted. */
  unblockCheck: () => call<BlockStatus | null>("unblock_check"),
  history: (query: HistoryQuery) => call<Payment[]>("history", { query }),
  dayTotals: (day: string) => call<DayTotals>("day_totals", { day }),
  lookup: (query: string) => call<Payment[]>("lookup", { query }),
  /** The journalled payment with its voucher PIN and link opened: only on the cashier's say-so. */
  revealVoucher: (refid: string) => call<Payment>("reveal_voucher", { refid }),
  exportStatement: (request: ExportRequest, path: string, onProgress: (p: ExportProgress) => void) => {
    const channel = new Channel<ExportProgress>();
    channel.onmessage = onProgress;
    return call<Summary>("export_start", { request, path, on_progress: channel });
  },
  cancelExport: () => call<void>("export_cancel"),
  credentialStatus: () => call<CredentialStatus[]>("credentials_status"),
  setCredentials: (environment: Environment, api_key: string, secret: string) =>
    call<CredentialStatus>("credentials_set", { environment, api_key, secret }),
  clearCredentials: (environment: Environment) => call<CredentialStatus>("credentials_clear", { environment }),
  testCredentials: (environment: Environment) => call<Balance>("credentials_test", { environment }),
  settings: () => call<Settings>("settings_get"),
  saveSettings: (settings: Settings) => call<Settings>("settings_set", { settings }),
  supervisorStatus: () => call<Supervisor>("supervisor_status"),
  /** Holds the unlock in the shell until `supervisorLock`; `null` when the shop has no PIN. */
  supervisorVerify: (pin: string | null) => call<Supervisor>("supervisor_verify", { pin }),
  supervisorSet: (pin: string) => call<Supervisor>("supervisor_set", { pin }),
  supervisorSkip: () => call<Supervisor>("supervisor_skip"),
  supervisorLock: () => call<void>("supervisor_lock"),
  accountThreshold: () => call<AccountThreshold>("account_threshold_get"),
  setAccountThreshold: (amount: string) => call<AccountThreshold>("account_threshold_set", { amount }),
  accountCallback: () => call<Callback>("account_callback_get"),
  setAccountCallback: (url: string, method: string) => call<Callback>("account_callback_set", { url, method }),
  /** Where the header's low-balance warning starts; never fails for want of IIMMPACT. */
  lowBalanceThreshold: () => call<EffectiveThreshold>("low_balance_threshold"),
  /** The save dialog; `null` when the user closed it. */
  chooseSavePath: async (defaultName: string) => {
    const path = await save({ defaultPath: defaultName, filters: [{ name: "CSV", extensions: ["csv"] }] });
    return path ?? null;
  },
  revealFile: (path: string) => revealItemInDir(path),
  /** The system print dialog; the print stylesheet shows only the receipt. */
  printReceipt: () => call<void>("print_receipt"),
  /** Where exports go unless the cashier chooses otherwise, ending in a path separator. */
  exportFolder: () => call<string>("export_folder"),
  /** Stamps the first frame of the counter for scripts/bench-app.sh (a no-op unless it asks). */
  firstPaint: () => call<void>("first_paint"),
};

export type Api = typeof api;
