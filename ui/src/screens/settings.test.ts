/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import { COUNTER_NAME_MAX, MAX_REQUEST_RATE } from "./settings";
import coreSettings from "../../../crates/kaunter/src/settings.rs?raw";

describe("the request-rate field", () => {
  it("allows no more than the core accepts", () => {
    // The core refuses to save more, so a larger max would offer values that only fail on Save.
    const [, coreMax] = /pub const MAX_REQUEST_RATE: u32 = (\d+);/.exec(coreSettings) ?? [];
    expect(Number(coreMax)).toBe(MAX_REQUEST_RATE);
  });

  it("says why the cap is there, in both languages", () => {
    const en = t("rate_hint", { max: MAX_REQUEST_RATE }, "en");
    const ms = t("rate_hint", { max: MAX_REQUEST_RATE }, "ms");
    expect(en).toMatch(/^At most 9: .*per internet address.*blocks the address for 240 minutes/);
    expect(ms).toMatch(/^Paling banyak 9: .*setiap alamat internet.*menyekat alamat itu selama 240 minit/);
  });
});

describe("the counter-name field", () => {
  it("takes no more characters than the core saves", () => {
    const [, coreMax] = /const COUNTER_NAME_MAX: usize = (\d+);/.exec(coreSettings) ?? [];
    expect(Number(coreMax)).toBe(COUNTER_NAME_MAX);
  });

  it("says what the name is for, in both languages", () => {
    expect(t("counter_name_hint", {}, "en")).toMatch(/IIMMPACT's records/);
    expect(t("counter_name_hint", {}, "ms")).toMatch(/rekod IIMMPACT/);
  });
});
