// What the counter form asks for beyond the account and amount, read from what the
// core says of the product (its family's extras and choice field), and the keys that
// move through lists and fill in amounts. The rules themselves live in the core: the
// UI only decides what to show and which key does what.
import { decimalToSen, formatMoney, parseAmount } from "./money";
import type { MessageKey } from "./i18n";
import type { BillCheck, Choice, ExtraField, ExtraName, Product } from "./types";

/** The two extras a choice fills: a plan or account type, or a JomPAY biller (ChoiceView::code). */
const FILLED_BY_CHOICE: readonly ExtraName[] = ["subproduct_code", "biller_code"];

/** The extra the product's choice fills, when it has choices. */
export function choiceExtra(product: Product): ExtraName | null {
  if (!product.choice_field) return null;
  return product.extras?.find((e) => FILLED_BY_CHOICE.includes(e.name))?.name ?? null;
}

/** The extras typed into their own fields: all the product takes but the one its choice fills. */
export function typedExtras(product: Product): ExtraField[] {
  const chosen = choiceExtra(product);
  return (product.extras ?? []).filter((e) => e.name !== chosen);
}

/**
 * A biller code may be typed rather than picked: the core sends it and IIMMPACT checks
 * it (../shared/iimmpact-api.md §3.9). A plan or account type must be one offered.
 */
export const mayTypeCode = (extra: ExtraName | null) => extra === "biller_code";

const TITLES: Record<string, MessageKey> = {
  plan: "choice_plan",
  biller: "choice_biller",
  loan_account: "choice_loan_account",
};

/** The choice field's label: a plan, a biller, an account type, or any other the core names. */
export function choiceTitle(product: Product): MessageKey {
  return (product.choice_field && TITLES[product.choice_field]) || "choice_other";
}

/** The choices whose label or code holds every word typed, in the order listed. */
export function filterChoices(choices: readonly Choice[], query: string): Choice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return choices.filter((c) => {
    const text = `${c.code} ${c.label}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** What a choice costs: a plan's price, or the least and most an open choice takes. */
export function choicePrice(choice: Choice): { fixed: string } | { min: string | null; max: string | null } | null {
  if (choice.price !== null) return { fixed: formatMoney(choice.price) };
  if (choice.min === null && choice.max === null) return null;
  return { min: choice.min && formatMoney(choice.min), max: choice.max && formatMoney(choice.max) };
}

/**
 * The cursor after an arrow key in a list of `length` items, wrapping at the ends;
 * null for any other key, which the list leaves to the field.
 */
export function moveCursor(cursor: number, length: number, key: string): number | null {
  if (length === 0 || (key !== "ArrowDown" && key !== "ArrowUp")) return null;
  const step = key === "ArrowDown" ? 1 : -1;
  return (cursor + step + length) % length;
}

/** The keys of the quick amounts, one letter each: letters are never part of an amount typed. */
const QUICK_KEYS = "ABCDEFGHI";

export interface QuickAmount {
  key: string;
  /** As the core takes it ("10.00"). */
  amount: string;
  /** The bill's outstanding amount rather than one of the product's common denominations. */
  outstanding: boolean;
}

/**
 * The amounts one key away on the amount field: a checked bill's outstanding amount
 * first, then the product's common denominations, up to nine.
 */
export function quickAmounts(product: Product, bill: BillCheck | null): QuickAmount[] {
  const outstanding = bill?.may_pay && bill.outstanding ? [{ amount: bill.outstanding, outstanding: true }] : [];
  const common = product.common_denominations.map((amount) => ({ amount, outstanding: false }));
  return [...outstanding, ...common].slice(0, QUICK_KEYS.length).map((q, i) => ({ ...q, key: QUICK_KEYS[i] }));
}

/** The quick amount a key press picks: its letter, either case, no modifier held. */
export function quickAmountFor(quick: readonly QuickAmount[], e: Pick<KeyboardEvent, "key" | "ctrlKey" | "altKey" | "metaKey">): QuickAmount | null {
  if (e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1) return null;
  return quick.find((q) => q.key === e.key.toUpperCase()) ?? null;
}

/** The denomination an arrow key steps to from the amount typed (the first or last when none matches). */
export function stepDenomination(denominations: readonly string[], amount: string, key: string): string | null {
  const typed = parseAmount(amount);
  const at = typed.ok ? denominations.findIndex((d) => decimalToSen(d) === typed.sen) : -1;
  if (at < 0) {
    if (key === "ArrowDown") return denominations[0] ?? null;
    if (key === "ArrowUp") return denominations[denominations.length - 1] ?? null;
    return null;
  }
  const next = moveCursor(at, denominations.length, key);
  return next === null ? null : denominations[next];
}
