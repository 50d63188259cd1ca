import { t, type MessageKey } from "./i18n";
import type { Language } from "./types";

// IIMMPACT and the journal speak Malaysia time (GMT+8, no DST). The PC running the
// counter may be set to any zone, so every date here is computed in GMT+8 explicitly
// rather than through the local-time Date getters.

const GMT8_MS = 8 * 60 * 60 * 1000;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

type Parts = { y: string; mo: string; d: string; h: string; mi: string; s: string };

function gmt8Parts(instant: Date): Parts {
  const iso = new Date(instant.getTime() + GMT8_MS).toISOString();
  return { y: iso.slice(0, 4), mo: iso.slice(5, 7), d: iso.slice(8, 10), h: iso.slice(11, 13), mi: iso.slice(14, 16), s: iso.slice(17, 19) };
}

function parts(timestamp: string): Parts | null {
  const text = timestamp.trim();
  if (WITH_ZONE.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : gmt8Parts(new Date(ms));
  }
  // No zone: the API's and the journal's wall-clock time, already GMT+8.
  const m = NAIVE.exec(text);
  if (!m) return null;
  return { y: m[1], mo: m[2], d: m[3], h: m[4] ?? "00", mi: m[5] ?? "00", s: m[6] ?? "00" };
}

/** "25/11/2026 16:31:05" in GMT+8; text that is not a timestamp is shown as it came. */
export function formatDateTime(timestamp: string): string {
  const p = parts(timestamp);
  return p ? `${p.d}/${p.mo}/${p.y} ${p.h}:${p.mi}:${p.s}` : timestamp;
}

/** "25/11/2026" in GMT+8. */
export function formatDate(timestamp: string): string {
  const p = parts(timestamp);
  return p ? `${p.d}/${p.mo}/${p.y}` : timestamp;
}

/** Today's date in GMT+8 as the core's query form, "2026-11-25". */
export function todayGmt8(now: Date = new Date()): string {
  const p = gmt8Parts(now);
  return `${p.y}-${p.mo}-${p.d}`;
}

/** Yesterday's date in GMT+8 (which keeps no daylight saving, so a day is always 24 hours). */
export function yesterdayGmt8(now: Date = new Date()): string {
  return todayGmt8(new Date(now.getTime() - 24 * 60 * 60 * 1000));
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day as the core takes it ("2026-01-30") spelled out, "Fri 30 Jan 2026", so a
 * date field showing 01/30/2026 or 30/01/2026 (whichever the PC's locale picks) reads the
 * same to everyone. Null for anything that is not a real day.
 */
export function spelledDate(day: string, lang?: Language): string | null {
  const m = ISO_DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A calendar day has no zone; UTC only keeps the PC's zone out of the weekday.
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  const weekday = t(`day_${date.getUTCDay()}` as MessageKey, {}, lang);
  return `${weekday} ${d} ${t(`month_${mo}` as MessageKey, {}, lang)} ${y}`;
}

/** An instant as a time of day in GMT+8 and its day, "14:05 on 1 Dec"; text that is not one is shown as it came. */
export function formatTimeOnDay(timestamp: string, lang?: Language): string {
  const p = parts(timestamp);
  if (!p) return timestamp;
  const date = `${Number(p.d)} ${t(`month_${Number(p.mo)}` as MessageKey, {}, lang)}`;
  return t("time_on_day", { time: `${p.h}:${p.mi}`, date }, lang);
}
