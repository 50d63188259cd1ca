// What Settings says about the supervisor PIN, decided apart from the screen so it can
// be tested without a window. The rules themselves (tries, the lock) are the core's.
import { t } from "./i18n";
import { formatTimeOnDay } from "./dates";
import type { EffectiveThreshold, Environment, ErrorPayload, Language, Settings, SupervisorStatus } from "./types";

/**
 * The PIN prompt's sentence after a refused try: the lock's end in GMT+8 while locked,
 * the tries left after a wrong PIN (the count went down), otherwise null (the error is
 * shown as it came, e.g. a PIN that is not 4 to 12 digits).
 */
export function refusalNote(before: SupervisorStatus, after: SupervisorStatus, error: ErrorPayload, lang?: Language): string | null {
  if (after.locked_until) return t("supervisor_locked", { until: formatTimeOnDay(after.locked_until, lang) }, lang);
  if (error.kind === "invalid" && error.field === "pin" && after.tries_left < before.tries_left) {
    return t("supervisor_wrong", { tries: after.tries_left }, lang);
  }
  return null;
}

/** Saving moves the counter onto real money: the one change Settings asks about once more. */
export function switchesToProduction(saved: Environment, draft: Environment): boolean {
  return draft === "production" && saved !== "production";
}

/** The header's low-balance line, in RM: IIMMPACT's threshold once known, the local one until then. */
export function lowBalanceLine(effective: EffectiveThreshold | null, settings: Settings): EffectiveThreshold {
  return effective ?? { amount: settings.low_balance_threshold, source: "settings" };
}
