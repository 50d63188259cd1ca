// Exact decimal arithmetic for checking money read back from files and the simulator:
// amounts as BigInt counts of 10^-SCALE ringgit, never floats.
const SCALE = 8;

/** "-628.7000" → -62870000000n; throws on anything that is not a plain decimal. */
export function units(text) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text).trim());
  if (!match || (match[3] ?? "").length > SCALE) throw new Error(`not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ""] = match;
  const value = BigInt(whole + fraction.padEnd(SCALE, "0"));
  return sign ? -value : value;
}

/** Every "RM 1,234.50" shown in `text`, in units (a leading minus sign kept). */
export function shownAmounts(text) {
  return [...String(text).matchAll(/(-?)RM\s?([\d,]+\.\d+)/g)].map(([, sign, amount]) => units(sign + amount.replaceAll(",", "")));
}

const HALF_SEN = units("0.005");

/** Whether `shown` (two decimals on screen) is `exact` rounded to the sen. */
export function isToTheSen(shown, exact) {
  const gap = shown > exact ? shown - exact : exact - shown;
  return gap <= HALF_SEN;
}
