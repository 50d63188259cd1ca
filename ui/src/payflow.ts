// The confirm step's Pay button. A cashier double-clicks, presses Enter twice, or
// clicks while the reply is slow; each of those must reach the core once. An order
// is therefore paid through a one-shot submission: every later call gets the first
// call's promise, never a second request.
import type { Payment } from "./types";

export interface Order {
  product: string;
  productName: string;
  account: string;
  /** The amount as the core expects it ("10.00"). */
  amount: string;
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

const FINAL = new Set(["succeeded", "failed", "refunded"]);

/** Whether the payment needs no more re-checking. */
export function isFinal(payment: Payment): boolean {
  return FINAL.has(payment.state);
}

/**
 * Re-checks a pending payment until it is final: the core re-sends the same refid and
 * body, so polling never charges again. Stops when `signal` aborts (the cashier moved on).
 */
export async function settle(
  payment: Payment,
  recheck: (refid: string) => Promise<Payment>,
  onUpdate: (p: Payment) => void,
  signal: AbortSignal,
  delaysMs: readonly number[] = [1000, 2000, 3000, 5000, 8000],
): Promise<Payment> {
  let current = payment;
  for (let attempt = 0; !isFinal(current) && !signal.aborted; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, delaysMs[Math.min(attempt, delaysMs.length - 1)]));
    if (signal.aborted) break;
    try {
      current = await recheck(current.refid);
      onUpdate(current);
    } catch {
      // A failed re-check changes nothing at IIMMPACT; the next attempt asks again.
    }
  }
  return current;
}
