// The confirm step's Pay button. A cashier double-clicks, presses Enter twice, or
// clicks while the reply is slow; each of those must reach the core once. An order
// is therefore paid through a one-shot submission: every later call gets the first
// call's promise, never a second request.
import type { MessageKey } from "./i18n";
import type { ErrorPayload, ExtraName, Payment, PaymentState } from "./types";

export interface Order {
  product: string;
  productName: string;
  account: string;
  /** The amount as the core expects it ("10.00"). */
  amount: string;
  /** The extras as typed or picked, blank ones left out; the core checks and forms them. */
  extras?: Partial<Record<ExtraName, string>>;
  /** What the confirm step reads back besides product, account and amount (the customer, the plan or biller). */
  readBack?: { label: MessageKey; value: string }[];
}

export type PayFn = (order: Order, confirmDuplicate: boolean) => Promise<Payment>;

export class Submission {
  private inFlight: Promise<Payment> | null = null;

  /**
   * `confirmDuplicate`: the cashier saw "the same payment was made moments ago" and
   * chose to pay again; that is a new submission, made only by that explicit choice.
   */
  constructor(
    readonly order: Order,
    private readonly pay: PayFn,
    readonly confirmDuplicate = false,
  ) {}

  get started(): boolean {
    return this.inFlight !== null;
  }

  submit(): Promise<Payment> {
    this.inFlight ??= this.pay(this.order, this.confirmDuplicate);
    return this.inFlight;
  }
}

/**
 * Whether an Enter on the confirm step may pay. The Enter that opened the step must
 * not also pay it: not its auto-repeat, not its keyup, and not a second press that
 * began before the step was on screen to be read back. So the gate opens only once the
 * step is painted and focused (`arm`), and if Enter was still held then, only after
 * that key has come up.
 */
export class EnterGate {
  private armedAt: number | null = null;
  private heldAtArming = false;

  /** `now` on the events' clock (`performance.now()`); `enterHeld`: an Enter is down. */
  arm(now: number, enterHeld: boolean): void {
    this.armedAt = now;
    this.heldAtArming = enterHeld;
  }

  /** The step changed under the cashier (a warning appeared): arm again once it is shown. */
  disarm(): void {
    this.armedAt = null;
  }

  get armed(): boolean {
    return this.armedAt !== null;
  }

  keyUp(): void {
    this.heldAtArming = false;
  }

  /** A keydown of Enter: `timeStamp` is when the key went down, before any queueing. */
  allows(key: { repeat: boolean; timeStamp: number }): boolean {
    return this.armedAt !== null && !this.heldAtArming && !key.repeat && key.timeStamp >= this.armedAt;
  }
}

const FINAL = new Set<PaymentState>(["succeeded", "failed", "refunded", "not_sent"]);

/** Whether the payment's state will not change any more (no re-check can move it). */
export function isFinalState(state: PaymentState): boolean {
  return FINAL.has(state);
}

/** Whether the payment needs no more re-checking. */
export function isFinal(payment: Payment): boolean {
  return isFinalState(payment.state);
}

/**
 * What the confirm step offers after the core refused a payment as a duplicate of an
 * earlier one. While that one is still open it may yet charge the customer, so paying
 * again is not offered at all: the cashier follows the earlier payment instead. Only
 * once it is final may the cashier choose to pay again. An earlier payment the core
 * did not name, or whose state it did not say, is treated as open.
 */
export type DuplicateChoice =
  | { kind: "follow_open"; refid: string | null; state: PaymentState | null }
  | { kind: "may_pay_again"; refid: string | null; state: PaymentState };

export function duplicateChoice(earlier: Pick<ErrorPayload, "refid" | "state">): DuplicateChoice {
  const refid = earlier.refid ?? null;
  const state = earlier.state ?? null;
  return state !== null && isFinalState(state) ? { kind: "may_pay_again", refid, state } : { kind: "follow_open", refid, state };
}

/**
 * Whether `next` is news about the payment shown as `current`: the same refid, and not
 * older. A re-check's reply and the update event for it race; the later one must win.
 */
export function supersedes(next: Payment, current: Payment): boolean {
  // Parsed, not compared as text: RFC 3339 may or may not carry fractional seconds.
  return next.refid === current.refid && Date.parse(next.updated_at) >= Date.parse(current.updated_at);
}
