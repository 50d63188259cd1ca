import { SpelledDate } from "./spelled-date";

/**
 * A labelled date input with its day spelled out beneath (the input's own format
 * follows the PC's locale). `errorId` names the message that explains an invalid
 * value, shown by the caller.
 */
export function DateField({
  id,
  label,
  value,
  onInput,
  errorId,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  errorId?: string | null;
}) {
  const spelled = `${id}-spelled`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="date"
        required
        value={value}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId ? `${spelled} ${errorId}` : spelled}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <SpelledDate id={spelled} day={value} />
    </div>
  );
}
