import { describe, expect, it, vi } from "vitest";
import { Submission, settle } from "./payflow";
import type { Payment } from "./types";

const payment = (state: Payment["state"]): Payment => ({
  refid: "KTR-20261125-0123456789abcdef", product: "D", product_name: "Digi Prepaid", account: "0123456789",
  amount: "10.00", state, attempts: 1, created_at: "2026-11-25T02:00:00Z", updated_at: "2026-11-25T02:00:00Z",
});
const order = { product: "D", productName: "Digi Prepaid", account: "0123456789", amount: "10.00" };

describe("Submission", () => {
  it("sends once however often Pay is pressed while the reply is slow", async () => {
    let release!: (p: Payment) => void;
    const pay = vi.fn(() => new Promise<Payment>((r) => (release = r)));
    const submission = new Submission(order, pay);
    const first = submission.submit();
    const second = submission.submit();
    expect(submission.started).toBe(true);
    release(payment("pending"));
    expect(await first).toBe(await second);
    expect(pay).toHaveBeenCalledTimes(1);
    expect(pay).toHaveBeenCalledWith(order, false);
  });
  it("does not resend after the reply, even a failure", async () => {
    const pay = vi.fn().mockRejectedValue({ kind: "unclear", message: "timed out" });
    const submission = new Submission(order, pay);
    await expect(submission.submit()).rejects.toEqual({ kind: "unclear", message: "timed out" });
    await expect(submission.submit()).rejects.toEqual({ kind: "unclear", message: "timed out" });
    expect(pay).toHaveBeenCalledTimes(1);
  });
});

describe("settle", () => {
  it("re-checks the same refid until the payment is final", async () => {
    const replies = [payment("pending"), payment("succeeded")];
    const recheck = vi.fn(async (_refid: string) => replies.shift()!);
    const seen: string[] = [];
    const final = await settle(payment("pending"), recheck, (p) => seen.push(p.state), new AbortController().signal, [0]);
    expect(final.state).toBe("succeeded");
    expect(seen).toEqual(["pending", "succeeded"]);
    expect(recheck.mock.calls.every(([refid]) => refid === "KTR-20261125-0123456789abcdef")).toBe(true);
  });
  it("keeps asking after a failed re-check and stops when aborted", async () => {
    const abort = new AbortController();
    const recheck = vi
      .fn()
      .mockRejectedValueOnce({ kind: "unavailable", message: "offline" })
      .mockImplementation(async () => {
        abort.abort();
        return payment("pending");
      });
    const final = await settle(payment("unknown"), recheck, () => {}, abort.signal, [0]);
    expect(recheck).toHaveBeenCalledTimes(2);
    expect(final.state).toBe("pending");
  });
});
