import { describe, expect, it } from "vitest";
import { describeError, fieldLabel } from "./errors";
import type { AuthFailure } from "./bindings/AuthFailure";
import type { KeychainProblemKind } from "./bindings/KeychainProblemKind";
import type { Problem } from "./bindings/Problem";
import type { ErrorKind, ErrorPayload, Language } from "./types";

// Listed as records, so a kind, problem or failure added in Rust fails the type check
// here too until it has an example.
const KINDS: Record<ErrorKind, ErrorPayload> = {
  invalid: { kind: "invalid", field: "amount", problem: { code: "not_positive" } },
  refused: { kind: "refused", status: 400, code: "insufficient_balance", detail: "Insufficient wallet balance" },
  unclear: { kind: "unclear", detail: "operation timed out" },
  auth: { kind: "auth", auth: "unknown_key", status: 401, detail: "API key not found" },
  rate_limited: { kind: "rate_limited", until: "2026-11-25T04:30:00Z", bare_forbidden: false, environment: "staging" },
  unavailable: { kind: "unavailable", status: 502 },
  keychain: { kind: "keychain", keychain: "locked", detail: "Prompt dismissed" },
  no_credentials: { kind: "no_credentials", environment: "staging" },
  demo_unavailable: { kind: "demo_unavailable" },
  storage: { kind: "storage", detail: "database is locked" },
  duplicate: { kind: "duplicate", refid: "KTR-20261125-1", state: "succeeded" },
  cancelled: { kind: "cancelled" },
  file_exists: { kind: "file_exists", field: "out", path: "/home/ali/Documents/statement_2026-11-25.csv" },
  not_found: { kind: "not_found", refid: "KTR-20261125-9" },
  supervisor_required: { kind: "supervisor_required", field: "pin" },
  supervisor_locked: { kind: "supervisor_locked", field: "pin", until: "2026-11-25T06:35:00Z" },
  internal: { kind: "internal", detail: "IPC went away" },
};

const PROBLEMS: Record<Problem["code"], Problem> = {
  required: { code: "required" },
  too_long: { code: "too_long", max: 50 },
  length: { code: "length", min: 4, max: 12 },
  too_many_lines: { code: "too_many_lines", max: 4 },
  digits_only: { code: "digits_only" },
  not_an_ic_number: { code: "not_an_ic_number" },
  not_for_this_product: { code: "not_for_this_product" },
  not_offered: { code: "not_offered" },
  letters_and_digits_only: { code: "letters_and_digits_only" },
  bad_characters: { code: "bad_characters" },
  control_characters: { code: "control_characters" },
  not_an_amount: { code: "not_an_amount" },
  not_positive: { code: "not_positive" },
  too_many_decimals: { code: "too_many_decimals", max: 2 },
  below_min: { code: "below_min", min: "1" },
  above_max: { code: "above_max", max: "1000000" },
  out_of_range: { code: "out_of_range", min: "1", max: "9" },
  not_a_denomination: { code: "not_a_denomination", allowed: ["5", "10", "30"] },
  one_of: { code: "one_of", allowed: ["csv", "xlsx"] },
  not_a_date: { code: "not_a_date" },
  dates_reversed: { code: "dates_reversed" },
  too_far_from_today: { code: "too_far_from_today" },
  not_a_url: { code: "not_a_url" },
  not_https: { code: "not_https" },
  has_credentials: { code: "has_credentials" },
  not_an_email: { code: "not_an_email" },
  not_base64: { code: "not_base64" },
  not_an_api_key: { code: "not_an_api_key" },
  not_a_product_code: { code: "not_a_product_code" },
  not_a_mobile_number: { code: "not_a_mobile_number" },
  needs_other: { code: "needs_other", other: "secret" },
  already_used: { code: "already_used" },
  not_on_sale: { code: "not_on_sale" },
  too_large: { code: "too_large" },
  not_a_file_path: { code: "not_a_file_path" },
  not_for_demo: { code: "not_for_demo" },
  already_running: { code: "already_running" },
  needs_confirmation: { code: "needs_confirmation" },
  mismatch: { code: "mismatch" },
  wrong_pin: { code: "wrong_pin", tries_left: 3 },
  usage: { code: "usage", detail: "unexpected argument '--foo'" },
  unreadable: { code: "unreadable", detail: "expected value at line 1 column 1" },
};

const AUTH_FAILURES: Record<AuthFailure, true> = { unknown_key: true, bad_signature: true, clock_skew: true, nonce_reused: true, bad_token: true, wrong_password: true, other: true };
const KEYCHAIN_PROBLEMS: Record<KeychainProblemKind, true> = { no_session_bus: true, no_secrets_provider: true, locked: true, other: true };

/** Problems whose sentence is someone else's words in both languages. */
const SAME_IN_BOTH: ReadonlySet<Problem["code"]> = new Set(["usage"]);

const both = (error: ErrorPayload) => ({ en: describeError(error, "en"), ms: describeError(error, "ms") });

/** Said in both languages, every placeholder filled, the two differing unless `same`. */
function expectWorded(error: ErrorPayload, same = false) {
  const { en, ms } = both(error);
  for (const text of [en, ms]) {
    expect(text.trim(), JSON.stringify(error)).not.toBe("");
    expect(text, JSON.stringify(error)).not.toMatch(/\{\w+\}|undefined|\[object/);
  }
  if (!same) expect(ms, JSON.stringify(error)).not.toBe(en);
}

describe("every error, in English and Bahasa Malaysia", () => {
  it("words every kind, with its facts and with none", () => {
    for (const [kind, error] of Object.entries(KINDS) as [ErrorKind, ErrorPayload][]) {
      expectWorded(error);
      expectWorded({ kind });
    }
  });

  it("words every problem with a field", () => {
    for (const problem of Object.values(PROBLEMS)) {
      expectWorded({ kind: "invalid", field: "amount", problem }, SAME_IN_BOTH.has(problem.code));
    }
  });

  it("words every authentication failure and keychain problem", () => {
    for (const auth of Object.keys(AUTH_FAILURES) as AuthFailure[]) expectWorded({ kind: "auth", auth });
    for (const keychain of Object.keys(KEYCHAIN_PROBLEMS) as KeychainProblemKind[]) expectWorded({ kind: "keychain", keychain });
  });

  it("never sends the cashier to a terminal command", () => {
    const errors = [...Object.values(KINDS), ...Object.values(PROBLEMS).map((problem) => ({ kind: "invalid" as const, problem }))];
    for (const error of errors) {
      for (const lang of ["en", "ms"] as Language[]) expect(describeError(error, lang)).not.toMatch(/`|kaunter (--|credentials|supervisor|status|resume|unblock)/i);
    }
  });
});

describe("an input error", () => {
  it("names the field by the UI's label, in the cashier's language", () => {
    const decimals: ErrorPayload = { kind: "invalid", field: "amount", problem: { code: "too_many_decimals", max: 2 } };
    expect(describeError(decimals, "en")).toBe("Amount (RM): at most 2 decimal places");
    expect(describeError(decimals, "ms")).toBe("Jumlah (RM): paling banyak 2 tempat perpuluhan");
    const rate: ErrorPayload = { kind: "invalid", field: "request_rate", problem: { code: "out_of_range", min: "1", max: "9" } };
    expect(describeError(rate, "ms")).toBe("Had permintaan (permintaan sesaat): mesti antara 1 hingga 9");
    expect(describeError({ kind: "invalid", field: "outlet_name", problem: { code: "too_long", max: 60 } }, "ms")).toBe("Nama kedai: paling banyak 60 aksara");
    expect(describeError({ kind: "invalid", field: "counter_name", problem: { code: "required" } }, "ms")).toBe("Nama kaunter: wajib diisi");
    expect(describeError({ kind: "invalid", field: "account", problem: { code: "not_a_mobile_number" } }, "ms")).toBe(
      "Akaun: bukan nombor telefon bimbit Malaysia seperti 0123456789",
    );
  });

  it("names a product's extras by their form labels", () => {
    expect(describeError({ kind: "invalid", field: "ic_number", problem: { code: "required" } }, "ms")).toBe("Nombor IC: wajib diisi");
    expect(describeError({ kind: "invalid", field: "biller_code", problem: { code: "digits_only" } }, "en")).toBe("Biller code: digits only");
    expect(describeError({ kind: "invalid", field: "ref2", problem: { code: "too_long", max: 30 } }, "ms")).toBe("Ref-2: paling banyak 30 aksara");
    expect(describeError({ kind: "invalid", field: "subproduct_code", problem: { code: "not_offered" } }, "ms")).toBe(
      "Pelan atau jenis akaun: bukan salah satu pilihan yang ditawarkan",
    );
  });

  it("shows a field the UI has no label for as the core named it", () => {
    expect(fieldLabel("page_size", "ms")).toBe("page_size");
    expect(describeError({ kind: "invalid", field: "page_size", problem: { code: "below_min", min: "1" } }, "ms")).toBe("page_size: mesti sekurang-kurangnya 1");
  });

  it("names the other field of a pair by its label", () => {
    expect(describeError({ kind: "invalid", field: "api_key", problem: { code: "needs_other", other: "secret" } }, "ms")).toBe(
      "Kunci API: ditetapkan tanpa Rahsia HMAC (Base64): tetapkan kedua-duanya atau biarkan kedua-duanya kosong",
    );
  });

  it("shows money limits and a product's amounts in ringgit", () => {
    const denomination: ErrorPayload = { kind: "invalid", field: "amount", problem: { code: "not_a_denomination", allowed: ["5", "10", "30"] } };
    expect(describeError(denomination, "en")).toBe("Amount (RM): not offered for this product: choose one of RM 5.00, RM 10.00, RM 30.00");
    expect(describeError({ kind: "invalid", field: "amount", problem: { code: "above_max", max: "1000000" } }, "ms")).toBe(
      "Jumlah (RM): mesti tidak lebih daripada RM 1,000,000.00",
    );
  });

  it("says the tries left after a wrong supervisor PIN", () => {
    const wrong: ErrorPayload = { kind: "invalid", field: "pin", problem: { code: "wrong_pin", tries_left: 3 } };
    expect(describeError(wrong, "en")).toBe("Wrong supervisor PIN: 3 more wrong tries lock Settings for 5 minutes");
    expect(describeError(wrong, "ms")).toBe("PIN penyelia salah: 3 lagi cubaan salah akan mengunci Tetapan selama 5 minit");
  });
});

describe("what to do, in the app's terms", () => {
  it("sends missing keys to Settings, not to a command", () => {
    const { en, ms } = both({ kind: "no_credentials", environment: "production" });
    expect(en).toBe("No API key and secret for Production yet: enter the API key and secret in Settings (F4)");
    expect(ms).toMatch(/Produksi.*Tetapan/);
    for (const text of [en, ms]) expect(text).not.toMatch(/kaunter/i);
  });

  it("asks for the supervisor PIN in Settings, and says until when it is locked in GMT+8", () => {
    expect(describeError({ kind: "supervisor_required", field: "pin" }, "ms")).toMatch(/PIN penyelia dalam Tetapan/);
    expect(describeError(KINDS.supervisor_locked, "en")).toMatch(/until 14:35 on 25 Nov \(GMT\+8\)/);
    expect(describeError(KINDS.supervisor_locked, "ms")).toMatch(/sehingga 14:35 pada 25 Nov \(GMT\+8\)/);
  });

  it("asks before replacing a file", () => {
    expect(describeError(KINDS.file_exists, "ms")).toBe("/home/ali/Documents/statement_2026-11-25.csv sudah wujud: gantikannya, atau pilih nama lain");
  });
});

describe("a refused or unclear payment", () => {
  it("adds IIMMPACT's own words as they came", () => {
    expect(describeError(KINDS.refused, "ms")).toBe("IIMMPACT menolak permintaan ini (HTTP 400): Insufficient wallet balance");
  });

  it("names IIMMPACT's read-only and API-key refusals", () => {
    expect(describeError({ kind: "refused", status: 403, code: "read_only", detail: "Read only" }, "en")).toMatch(/read-only access and cannot pay/);
    expect(describeError({ kind: "refused", status: 403, code: "api_key_required" }, "ms")).toMatch(/kunci API dan rahsia dalam Tetapan/);
  });

  it("says an ID token refused for payments is the account requiring an API key", () => {
    const refused: ErrorPayload = { kind: "refused", status: 403, code: "api_key_required", credentials: "login" };
    expect(describeError(refused, "en")).toBe("This account requires an API key for payments: add one in Settings (F4)");
    expect(describeError(refused, "ms")).toBe("Akaun ini memerlukan kunci API untuk pembayaran: tambah satu dalam Tetapan (F4)");
  });

  it("never says nothing was charged of a reply about another payment: a person must check it", () => {
    const conflict: ErrorPayload = { kind: "refused", refid: "KTR-20261125-1", field: "amount" };
    const { en, ms } = both(conflict);
    expect(en).toMatch(/KTR-20261125-1.*Amount \(RM\).*a person must check this payment/);
    expect(ms).toMatch(/KTR-20261125-1.*Jumlah \(RM\).*seseorang mesti menyemak/);
    expect(en).not.toMatch(/nothing was charged/);
    expect(ms).not.toMatch(/tiada caj/);
  });

  it("says nothing was charged when IIMMPACT could not be reached", () => {
    expect(describeError(KINDS.unavailable, "en")).toMatch(/HTTP 502.*nothing was charged/);
    expect(describeError({ kind: "unavailable" }, "ms")).toMatch(/tiada caj dibuat/);
  });

  it("keeps an unclear payment and re-checks it with the same reference, never paying twice", () => {
    expect(describeError(KINDS.unclear, "en")).toMatch(/same reference, and never paid twice: operation timed out$/);
    expect(describeError(KINDS.unclear, "ms")).toMatch(/rujukan yang sama, dan tidak akan dibayar dua kali/);
  });

  it("names the earlier payment of a duplicate and its state, and asks before paying again", () => {
    const { en, ms } = both(KINDS.duplicate);
    expect(en).toMatch(/KTR-20261125-1, Successful.*confirm to pay again/);
    expect(ms).toMatch(/KTR-20261125-1, Berjaya.*sahkan untuk membayar sekali lagi/);
  });
});

describe("an IP block", () => {
  it("says until when, in GMT+8, and the other causes of a bare Forbidden", () => {
    expect(describeError(KINDS.rate_limited, "en")).toMatch(/until 12:30 on 25 Nov \(GMT\+8\)\.$/);
    const bare = describeError({ ...KINDS.rate_limited, bare_forbidden: true }, "ms");
    expect(bare).toMatch(/sehingga 12:30 pada 25 Nov \(GMT\+8\)\. .*senarai IP yang dibenarkan/);
  });
});

describe("an authentication failure", () => {
  it("says which way the clock is off", () => {
    const behind: ErrorPayload = { kind: "auth", auth: "clock_skew", skew_secs: 400 };
    const ahead: ErrorPayload = { kind: "auth", auth: "clock_skew", skew_secs: -3600 };
    expect(describeError(behind, "en")).toMatch(/this PC's clock is 400 seconds behind IIMMPACT's/);
    expect(describeError(behind, "ms")).toMatch(/jam PC ini lambat 400 saat/);
    expect(describeError(ahead, "en")).toMatch(/this PC's clock is 3600 seconds ahead of IIMMPACT's/);
    expect(describeError(ahead, "ms")).toMatch(/jam PC ini cepat 3600 saat/);
    expect(describeError({ kind: "auth", auth: "clock_skew" }, "en")).toMatch(/set automatically/);
  });

  it("points an unknown key at the other environment, and a bad signature at the secret", () => {
    expect(describeError(KINDS.auth, "en")).toMatch(/Staging key is used against Production, or a Production key against Staging/);
    expect(describeError(KINDS.auth, "ms")).toMatch(/kunci Staging digunakan untuk Produksi/);
    expect(describeError({ kind: "auth", auth: "bad_signature" }, "ms")).toMatch(/rahsia HMAC bukan milik kunci API ini/);
  });

  it("passes on IIMMPACT's words for a failure it does not name", () => {
    expect(describeError({ kind: "auth", auth: "other", detail: "Unauthorized" }, "ms")).toBe("IIMMPACT menolak kelayakan API: Unauthorized");
  });
});
