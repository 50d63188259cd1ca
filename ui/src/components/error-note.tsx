import type { ErrorPayload } from "../types";

/** A failed call, said plainly; `unclear` is not a failure, so it reads as a warning. */
export function ErrorNote({ error }: { error: ErrorPayload | null }) {
  if (!error) return null;
  const tone = error.kind === "unclear" || error.kind === "cancelled" ? "warn" : "error";
  return <p class={`banner ${tone}`} role="alert">{error.message}</p>;
}
