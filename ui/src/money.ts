// Money crosses IPC as decimal strings ("10.00", "48.6333") and stays exact here:
// amounts are parsed into integer sen (bigint) and formatted from their digits,
// never through a JS number, so RM 0.10 + RM 0.20 is RM 0.30.

export type AmountError = "required" | "not_a_number" | "too_many_decimals" | "not_positive";

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** What the cashier typed, as sen; commas and an "RM" prefix are tolerated. */
export function parseAmount(input: string): { ok: true; sen: bigint } | { ok: false; error: AmountError } {
  const text = input.trim().replace(/^RM\s*/i, "").replace(/,/g, "");
  if (text === "") return { ok: false, error: "required" };
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, error: "not_a_number" };
  const frac = m[3] ?? "";
  if (frac.length > 2) return { ok: false, error: "too_many_decimals" };
  const sen = BigInt(m[2]) * 100n + BigInt(frac.padEnd(2, "0"));
  if (m[1] || sen === 0n) return { ok: false, error: "not_positive" };
  return { ok: true, sen };
}

/** A decimal string from the core as sen, rounded half away from zero; `null` when it is not a decimal. */
export function decimalToSen(decimal: string): bigint | null {
  const m = DECIMAL.exec(decimal.trim());
  if (!m) return null;
  const frac = (m[3] ?? "").padEnd(3, "0");
  let sen = BigInt(m[2]) * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) sen += 1n;
  return m[1] ? -sen : sen;
}

/** The wire form the core expects: two decimals, no grouping ("10.00"). */
export function senToDecimal(sen: bigint): string {
  const neg = sen < 0n;
  const abs = neg ? -sen : sen;
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${neg ? "-" : ""}${abs / 100n}.${cents}`;
}

/** "RM 1,234.50" from sen (Malaysian convention: comma groups, dot decimals, in both languages). */
export function formatSen(sen: bigint): string {
  const [int, cents] = senToDecimal(sen < 0n ? -sen : sen).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sen < 0n ? "-" : ""}RM ${grouped}.${cents}`;
}

/** "RM 1,234.50" from a decimal string; text that is not a decimal is shown as it came. */
export function formatMoney(decimal: string): string {
  const sen = decimalToSen(decimal);
  return sen === null ? decimal : formatSen(sen);
}
