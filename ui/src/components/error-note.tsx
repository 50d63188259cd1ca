import { describeError } from "../errors";
import type { ErrorPayload } from "../types";

/**
 * A failed call, said plainly in the cashier's language; `unclear` is not a failure, so it reads as a warning.
 * An IP block of the current environment is said once, for the whole window, by the
 * block banner (in the cashier's language, with the one check a cashier can make), so
 * here it would only repeat it; `blockHere` is for a call about another environment,
 * whose block no banner shows.
 */
export function ErrorNote({ error, blockHere = false }: { error: ErrorPayload | null; blockHere?: boolean }) {
  if (!error || (error.kind === "rate_limited" && !blockHere)) return null;
  const tone = error.kind === "unclear" || error.kind === "cancelled" ? "warn" : "error";
  return <p class={`banner ${tone}`} role="alert">{describeError(error)}</p>;
}
