import { describe, expect, it, vi } from "vitest";
import { EnterGate, Submission, duplicateChoice, isFinal, supersedes } from "./payflow";
import type { Payment } from "./types";

const payment = (state: Payment["state"]): Payment => ({
  refid: "KTR-20261125-0123456789abcdef", product: "D", product_name: "Digi Prepaid", account: "0123456789",
  amount: "10.00", state, has_pin: false, has_voucherlink: false, voucher_not_stored: false,
  attempts: 1, created_at: "2026-11-25T02:00:00Z", updated_at: "2026-11-25T02:00:00Z",
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
    const pay = vi.fn().mockRejectedValue({ kind: "unclear", detail: "timed out" });
    const submission = new Submission(order, pay);
    await expect(submission.submit()).rejects.toEqual({ kind: "unclear", detail: "timed out" });
    await expect(submission.submit()).rejects.toEqual({ kind: "unclear", detail: "timed out" });
    expect(pay).toHaveBeenCalledTimes(1);
  });
});

describe("EnterGate", () => {
  const press = (timeStamp: number, repeat = false) => ({ timeStamp, repeat });

  it("lets no Enter pay before the confirm step is painted and focused", () => {
    const gate = new EnterGate();
    expect(gate.armed).toBe(false);
    expect(gate.allows(press(5))).toBe(false);
  });
  it("refuses a second press that went down before the step was shown, even if handled after", () => {
    const gate = new EnterGate();
    gate.arm(100, false);
    expect(gate.allows(press(99.5))).toBe(false);
    expect(gate.allows(press(100))).toBe(true);
  });
  it("refuses auto-repeat, whenever it arrives", () => {
    const gate = new EnterGate();
    gate.arm(100, false);
    expect(gate.allows(press(250, true))).toBe(false);
  });
  it("waits for the key that opened the step to come up when it was still held", () => {
    const gate = new EnterGate();
    gate.arm(100, true);
    // A keyboard or driver that repeats without marking it a repeat.
    expect(gate.allows(press(150))).toBe(false);
    gate.keyUp();
    expect(gate.allows(press(400))).toBe(true);
  });
  it("lets a fresh press after the step was shown pay", () => {
    const gate = new EnterGate();
    gate.arm(100, false);
    expect(gate.allows(press(900))).toBe(true);
  });
  it("closes while the step changes under the cashier, and opens for presses after it is shown again", () => {
    const gate = new EnterGate();
    gate.arm(100, false);
    gate.disarm();
    expect(gate.allows(press(200))).toBe(false);
    gate.arm(300, false);
    expect(gate.allows(press(250))).toBe(false);
    expect(gate.allows(press(310))).toBe(true);
  });
});

describe("isFinal", () => {
  it("counts a payment that never left the PC as final, and open states as open", () => {
    expect(isFinal(payment("not_sent"))).toBe(true);
    expect(isFinal(payment("succeeded"))).toBe(true);
    for (const state of ["sending", "pending", "unknown"] as const) expect(isFinal(payment(state))).toBe(false);
  });
});

describe("duplicateChoice", () => {
  const duplicate = (state?: Payment["state"], refid?: string) => ({ kind: "duplicate" as const, refid, state });

  it("leads to the earlier payment while it is open, never to paying again", () => {
    for (const state of ["sending", "pending", "unknown"] as const) {
      expect(duplicateChoice(duplicate(state, "KTR-1"))).toEqual({ kind: "follow_open", refid: "KTR-1", state });
    }
  });
  it("allows confirming a new payment once the earlier one is final", () => {
    expect(duplicateChoice(duplicate("succeeded", "KTR-1"))).toEqual({ kind: "may_pay_again", refid: "KTR-1", state: "succeeded" });
    expect(duplicateChoice(duplicate("failed", "KTR-1")).kind).toBe("may_pay_again");
  });
  it("treats an earlier payment of unstated state as open", () => {
    expect(duplicateChoice(duplicate(undefined, "KTR-1"))).toEqual({ kind: "follow_open", refid: "KTR-1", state: null });
    expect(duplicateChoice(duplicate()).kind).toBe("follow_open");
  });
});

describe("supersedes", () => {
  const at = (state: Payment["state"], updated_at: string, refid = "KTR-20261125-0123456789abcdef") => ({ ...payment(state), refid, updated_at });

  it("takes a later or equal update of the same payment and ignores an older one or another payment", () => {
    const shown = at("pending", "2026-11-25T02:00:05Z");
    expect(supersedes(at("succeeded", "2026-11-25T02:00:09Z"), shown)).toBe(true);
    expect(supersedes(at("pending", "2026-11-25T02:00:05Z"), shown)).toBe(true);
    expect(supersedes(at("unknown", "2026-11-25T02:00:01Z"), shown)).toBe(false);
    expect(supersedes(at("succeeded", "2026-11-25T02:00:09Z", "KTR-other"), shown)).toBe(false);
    expect(supersedes(at("succeeded", "2026-11-25T02:00:05.250Z"), shown)).toBe(true);
  });
});
