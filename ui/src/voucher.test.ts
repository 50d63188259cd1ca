import { describe, expect, it } from "vitest";
import { keepSecrets, lacksSecrets } from "./voucher";
import type { Payment } from "./types";

const sold: Payment = {
  refid: "KTR-20261125-0123456789abcdef", product: "GC", product_name: "Grab Gift Code", account: "0123456789",
  amount: "10.00", state: "pending", pin: "ABCD2345EF", voucherlink: "https://api.grab.com/gifts/v2/go?id=1",
  has_pin: true, has_voucherlink: true, voucher_not_stored: false, attempts: 1,
  created_at: "2026-11-25T02:00:00Z", updated_at: "2026-11-25T02:00:00Z",
};
// The same payment as the journal reads it back: sealed, so no clear text.
const readBack: Payment = { ...sold, pin: undefined, voucherlink: undefined };

describe("keepSecrets", () => {
  it("keeps the PIN and link on screen when an update read back from the journal lacks them", () => {
    const update = { ...readBack, state: "succeeded" as const, updated_at: "2026-11-25T02:00:05Z" };
    expect(keepSecrets(update, sold)).toEqual({ ...update, pin: sold.pin, voucherlink: sold.voucherlink });
  });
  it("takes the secrets an update brings, even over ones already shown", () => {
    const asked = { ...sold, pin: "ZZZZ9999ZZ", voucherlink: "https://api.grab.com/gifts/v2/go?id=2" };
    expect(keepSecrets(asked, readBack)).toEqual(asked);
    expect(keepSecrets(asked, sold)).toEqual(asked);
  });
  it("never carries one payment's PIN over to another", () => {
    const other = { ...readBack, refid: "KTR-20261125-fedcba9876543210" };
    expect(keepSecrets(other, sold)).toBe(other);
  });
});

describe("lacksSecrets", () => {
  it("is true for a voucher read back from the journal, false once it carries what the journal holds", () => {
    expect(lacksSecrets(readBack)).toBe(true);
    expect(lacksSecrets({ ...readBack, pin: sold.pin })).toBe(true);
    expect(lacksSecrets(sold)).toBe(false);
  });
  it("is false for a payment with nothing sealed: a reload, or a PIN this PC could not keep", () => {
    const reload = { ...readBack, product: "D", has_pin: false, has_voucherlink: false };
    expect(lacksSecrets(reload)).toBe(false);
    expect(lacksSecrets({ ...reload, voucher_not_stored: true })).toBe(false);
  });
});
