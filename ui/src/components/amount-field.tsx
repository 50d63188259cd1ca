import type { RefObject } from "preact";
import { t } from "../i18n";
import { formatMoney } from "../money";
import { quickAmountFor, stepDenomination, type QuickAmount } from "../choices";

interface Props {
  amount: string;
  denominations: string[];
  /** One key away: the bill's outstanding amount, the common denominations. */
  quick: QuickAmount[];
  /** A priced plan's price: the amount paid, not typed. */
  fixed: string | null;
  error: string | null;
  inputRef: RefObject<HTMLInputElement | null>;
  onChange: (amount: string) => void;
}

/**
 * The amount: typed, or one letter key for a quick amount (shown on its button), or
 * stepped through the denominations with the arrow keys. Enter submits the form.
 */
export function AmountField({ amount, denominations, quick, fixed, error, inputRef, onChange }: Props) {
  const keyOf = (d: string) => quick.find((q) => !q.outstanding && q.amount === d)?.key;
  const outstanding = quick.find((q) => q.outstanding);
  const quickHint = fixed === null && quick.length > 0;
  const stepHint = fixed === null && denominations.length > 1;
  const describedBy =
    [error && "amount-error", fixed !== null && "amount-fixed", quickHint && "amount-quick", stepHint && "amount-steps"].filter(Boolean).join(" ") ||
    undefined;

  const onKeyDown = (e: KeyboardEvent) => {
    if (fixed !== null) return;
    const hit = quickAmountFor(quick, e);
    const stepped = hit ? null : stepDenomination(denominations, amount, e.key);
    const next = hit?.amount ?? stepped;
    if (next === null) return;
    e.preventDefault();
    onChange(next);
  };

  return (
    <div class="field">
      <label for="amount">{t("amount")}</label>
      {fixed === null && (denominations.length > 0 || outstanding) && (
        <div class="denominations" role="group" aria-label={t("amount")}>
          {outstanding && (
            <QuickButton quick={outstanding} pressed={amount === outstanding.amount} label={t("quick_outstanding", { amount: formatMoney(outstanding.amount) })} pick={onChange} inputRef={inputRef} />
          )}
          {denominations.map((d) => (
            <QuickButton key={d} quick={{ key: keyOf(d) ?? "", amount: d, outstanding: false }} pressed={amount === d} label={formatMoney(d)} pick={onChange} inputRef={inputRef} />
          ))}
        </div>
      )}
      <input
        id="amount"
        ref={inputRef}
        inputMode="decimal"
        autoComplete="off"
        value={fixed ?? amount}
        readOnly={fixed !== null}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onInput={(e) => onChange(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {error && <p id="amount-error" class="field-error">{error}</p>}
      {fixed !== null && <p id="amount-fixed" class="hint">{t("amount_set_by_plan")}</p>}
      {quickHint && <p id="amount-quick" class="hint">{t("quick_amounts")}</p>}
      {stepHint && <p id="amount-steps" class="hint">{t("amount_steps")}</p>}
    </div>
  );
}

interface QuickButtonProps {
  quick: QuickAmount;
  pressed: boolean;
  label: string;
  pick: (amount: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
}

/** A denomination (or the outstanding amount) as a button, with its key when it has one. */
function QuickButton({ quick, pressed, label, pick, inputRef }: QuickButtonProps) {
  return (
    <button
      type="button"
      class={`denomination${quick.key ? " common" : ""}`}
      aria-pressed={pressed}
      aria-keyshortcuts={quick.key || undefined}
      onClick={() => {
        pick(quick.amount);
        inputRef.current?.focus();
      }}
    >
      {quick.key && <kbd>{quick.key}</kbd>} {label}
    </button>
  );
}
