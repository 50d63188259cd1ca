import { spelledDate } from "../dates";

/** The field's day in words: its own format follows the PC's locale, often US month-first. */
export function SpelledDate({ id, day }: { id: string; day: string }) {
  // Always rendered, so the form does not shift while a date is being typed.
  return <span id={id} class="date-spelled muted">{spelledDate(day) ?? "\u00a0"}</span>;
}
