import type { Product } from "./types";

/**
 * Products matching the query, best first: recent ones, then code matches, then
 * name matches; with no query, recent ones then the catalogue's own order.
 */
export function rankProducts(products: readonly Product[], query: string, recent: readonly string[]): Product[] {
  const q = query.trim().toLowerCase();
  const score = (p: Product): number | null => {
    const code = p.code.toLowerCase();
    const name = p.name.toLowerCase();
    const recentRank = recent.indexOf(p.code);
    let s: number;
    if (q === "") s = 3;
    else if (code === q) s = 0;
    else if (code.startsWith(q)) s = 1;
    else if (name.includes(q)) s = 2;
    else return null;
    return recentRank >= 0 ? s - 10 + recentRank / 100 : s;
  };
  return products
    .map((p, i) => ({ p, s: score(p), i }))
    .filter((x): x is { p: Product; s: number; i: number } => x.s !== null)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.p);
}
