// The platform for tests: no window, no core. Each command answers what the test
// scripted for it, and every call is recorded so a test can say what the screen asked.
import { toErrorPayload, type Platform } from "../platform";
import type { ErrorPayload, Payment } from "../types";

type Subscription = "onPaymentUpdated" | "onRateLimited";
export type Method = Exclude<keyof Platform, Subscription>;
type Answer<K extends Method> = Awaited<ReturnType<Platform[K]>>;

/** A scripted rejection (the core refusing), told apart from a scripted answer. */
export class Refusal {
  constructor(readonly error: ErrorPayload) {}
}
export const refuse = (error: ErrorPayload) => new Refusal(error);

/** A fixed answer, a refusal, or a function of the call's arguments returning either (or a promise of an answer). */
export type Reply<K extends Method> =
  | Answer<K>
  | Refusal
  | ((...args: Parameters<Platform[K]>) => Answer<K> | Refusal | Promise<Answer<K>>);
export type Replies = { [K in Method]?: Reply<K> };

export interface Call {
  method: Method;
  args: unknown[];
}

export interface TestPlatform extends Platform {
  /** Every command asked for, in order. */
  readonly calls: Call[];
  /** The arguments of each call to `method`, in order. */
  callsTo<K extends Method>(method: K): Parameters<Platform[K]>[];
  /** Changes what `method` answers from now on. */
  script<K extends Method>(method: K, reply: Reply<K>): void;
  /** The core saying a payment moved, as its `payment-updated` event does. */
  emitPaymentUpdate(payment: Payment): void;
}

// Listed as a record so the compiler says when the Platform gains a command this lacks.
const METHODS: Record<Method, true> = {
  appStatus: true, balance: true, products: true, networkStatus: true, options: true, billCheck: true, pay: true,
  paymentStatus: true, blockStatus: true, unblockCheck: true, history: true, dayTotals: true, lookup: true,
  exportHistory: true, chargeLookup: true, lookupRecheck: true, reportProblem: true,
  revealVoucher: true, exportStatement: true, cancelExport: true, reconcile: true, exportReconcile: true, transactionSummary: true, exportSummary: true, monthStatement: true, exportMonthStatement: true, shiftReport: true, exportShift: true, credentialStatus: true, setCredentials: true, signIn: true,
  clearCredentials: true, testCredentials: true, settings: true, saveSettings: true, supervisorStatus: true,
  supervisorVerify: true, supervisorSet: true, supervisorSkip: true, supervisorLock: true, accountThreshold: true,
  setAccountThreshold: true, accountCallback: true, setAccountCallback: true, lowBalanceThreshold: true,
  chooseSavePath: true, revealFile: true, receipt: true, printReceipt: true, exportFolder: true, firstPaint: true, logUiError: true,
  diagnostics: true, copyText: true,
};

// Commands that only do something (or nothing, in a test) answer by default, so a test
// scripts only what it is about.
const QUIET: Replies = {
  firstPaint: undefined as void,
  supervisorLock: undefined as void,
  printReceipt: undefined as void,
  cancelExport: undefined as void,
  revealFile: undefined as void,
  logUiError: undefined as void,
  copyText: undefined as void,
};

export function createTestPlatform(replies: Replies = {}): TestPlatform {
  const scripted = new Map<Method, unknown>([...Object.entries(QUIET), ...Object.entries(replies)] as [Method, unknown][]);
  const calls: Call[] = [];
  const updateListeners = new Set<(payment: Payment) => void>();
  const limitWatchers = new Set<(error: ErrorPayload) => void>();

  const answer = async (method: Method, args: unknown[]): Promise<unknown> => {
    calls.push({ method, args });
    try {
      // An unscripted command fails loudly, on screen and in the test's output.
      if (!scripted.has(method)) throw { kind: "internal", detail: `test platform: nothing scripted for ${method}` };
      const reply = scripted.get(method);
      const value = typeof reply === "function" ? await reply(...args) : reply;
      if (value instanceof Refusal) throw value.error;
      return value;
    } catch (err) {
      // As in the window: every refusal is an ErrorPayload, and a block is told to its watchers.
      const error = toErrorPayload(err instanceof Refusal ? err.error : err);
      if (error.kind === "rate_limited") limitWatchers.forEach((watch) => watch(error));
      throw error;
    }
  };

  const commands = Object.fromEntries(
    Object.keys(METHODS).map((method) => [method, (...args: unknown[]) => answer(method as Method, args)]),
  ) as unknown as Pick<Platform, Method>;

  return {
    ...commands,
    calls,
    callsTo: <K extends Method>(method: K) =>
      calls.filter((c) => c.method === method).map((c) => c.args as Parameters<Platform[K]>),
    script: (method, reply) => void scripted.set(method, reply),
    emitPaymentUpdate: (payment) => updateListeners.forEach((listen) => listen(payment)),
    onPaymentUpdated: async (onUpdate) => {
      updateListeners.add(onUpdate);
      return () => void updateListeners.delete(onUpdate);
    },
    onRateLimited: (onLimited) => {
      limitWatchers.add(onLimited);
      return () => void limitWatchers.delete(onLimited);
    },
  };
}
