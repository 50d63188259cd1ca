/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import { MAX_REQUEST_RATE } from "./settings";
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
