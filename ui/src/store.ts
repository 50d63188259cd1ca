// What the counter remembers between sales on this PC: the products it sold last,
// so they come first in the search. Nothing here is money or a secret.
const RECENT_KEY = "kaunter.recentProducts";
const RECENT_MAX = 6;

export function recentProducts(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter((c): c is string => typeof c === "string") : [];
  } catch {
    return [];
  }
}

export function rememberProduct(code: string): void {
  const next = [code, ...recentProducts().filter((c) => c !== code)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(next));
}
