import { describe, expect, it } from "vitest";
import { t } from "./i18n";
import { lowBalanceLine, refusalNote, switchesToProduction } from "./supervisor";
import type { Settings, SupervisorStatus } from "./types";

const set = (tries_left: number, locked_until?: string): SupervisorStatus => ({ pin: "set", tries_left, locked_until });
const wrong = { kind: "invalid", field: "pin", problem: { code: "wrong_pin", tries_left: 3 } } as const;

describe("the PIN prompt after a refused try", () => {
  it("says the tries left after a wrong PIN, in both languages", () => {
    expect(refusalNote(set(4), set(3), wrong, "en")).toBe("Wrong PIN. 3 more wrong tries lock Settings for 5 minutes.");
    expect(refusalNote(set(4), set(3), wrong, "ms")).toMatch(/^PIN salah\. 3 lagi cubaan salah/);
  });

  it("says when the lock ends, in GMT+8, even for the right PIN", () => {
    const locked = set(5, "2026-11-25T06:35:00Z");
    const refused = { kind: "supervisor_locked", field: "pin", until: "2026-11-25T06:35:00Z" } as const;
    expect(refusalNote(set(1), locked, refused, "en")).toBe(
      "Too many wrong PINs: no PIN is accepted until 14:35 on 25 Nov (GMT+8), not even the right one.",
    );
    expect(refusalNote(set(1), locked, refused, "ms")).toMatch(/sehingga 14:35 pada 25 Nov \(GMT\+8\)/);
  });

  it("leaves a PIN that is not one (no try counted) to the core's own words", () => {
    const malformed = { kind: "invalid", field: "pin", problem: { code: "length", min: 4, max: 12 } } as const;
    expect(refusalNote(set(5), set(5), malformed, "en")).toBeNull();
  });

  it("says how to get out of a forgotten PIN, and what it costs, in both languages", () => {
    expect(t("supervisor_forgot", {}, "en")).toMatch(/kaunter supervisor reset.*clears Kaunter's settings and API keys.*re-enter the keys/);
    expect(t("supervisor_forgot", {}, "ms")).toMatch(/kaunter supervisor reset.*memadam tetapan dan kunci API.*masukkan semula kunci/);
  });
});

describe("switching to Production", () => {
  it("is asked about only when it moves onto real money", () => {
    expect(switchesToProduction("demo", "production")).toBe(true);
    expect(switchesToProduction("staging", "production")).toBe(true);
    expect(switchesToProduction("production", "production")).toBe(false);
    expect(switchesToProduction("production", "demo")).toBe(false);
  });

  it("says real money moves, in both languages", () => {
    expect(t("production_warning", {}, "en")).toMatch(/REAL MONEY/);
    expect(t("production_warning", {}, "ms")).toMatch(/WANG SEBENAR/);
  });
});

describe("the low-balance warning", () => {
  const settings = { low_balance_threshold: "50" } as Settings;
  it("starts from the local setting until the core has said, then follows the core", () => {
    expect(lowBalanceLine(null, settings)).toEqual({ amount: "50", source: "settings" });
    expect(lowBalanceLine({ amount: "1000", source: "iimmpact" }, settings)).toEqual({ amount: "1000", source: "iimmpact" });
  });
});
