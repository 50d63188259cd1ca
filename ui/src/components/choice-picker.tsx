import { useState } from "preact/hooks";
import type { RefObject } from "preact";
import { t } from "../i18n";
import { choicePrice, filterChoices, moveCursor } from "../choices";
import type { Choice } from "../types";

interface Props {
  title: string;
  /** Null until the account's choices are asked for. */
  choices: Choice[] | null;
  loading: boolean;
  picked: Choice | null;
  /** A code typed that matches nothing listed may be taken as it is (a JomPAY biller code). */
  mayTypeCode: boolean;
  /** Beside the field: why the choice is missing or was refused. */
  error: string | null;
  inputRef: RefObject<HTMLInputElement | null>;
  onPick: (choice: Choice) => void;
}

/**
 * A searchable list of choices (plans, billers, account types): typing filters it, the
 * arrow keys move through it and Enter takes the one highlighted. The list only shows
 * choices; the core checks the one taken.
 */
export function ChoicePicker({ title, choices, loading, picked, mayTypeCode, error, inputRef, onPick }: Props) {
  const [query, setQuery] = useState("");
  const [cursor, setCursor] = useState(0);
  // Once a choice is taken the list folds away until the field has the focus again.
  const [focused, setFocused] = useState(false);
  const shown = filterChoices(choices ?? [], query);
  // The list may shrink under the cursor (a new account's choices).
  const at = Math.max(0, Math.min(cursor, shown.length - 1));
  const typed = query.trim();
  const typedCode = mayTypeCode && shown.length === 0 && /^[\d\s-]+$/.test(typed) ? typed : null;

  const take = (choice: Choice) => {
    setQuery("");
    setCursor(0);
    onPick(choice);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const next = moveCursor(at, shown.length, e.key);
    if (next !== null) {
      e.preventDefault();
      return setCursor(next);
    }
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (shown[at]) take(shown[at]);
    else if (typedCode) take({ code: typedCode, label: typedCode, description: null, price: null, min: null, max: null, validity: null });
  };

  const active = shown[at] ? `choice-option-${at}` : undefined;
  return (
    <div class="field choice">
      <label for="choice">{title}</label>
      <input
        id="choice"
        ref={inputRef}
        type="search"
        autoComplete="off"
        aria-controls="choice-list"
        aria-activedescendant={active}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "choice-error" : "choice-keys"}
        value={query}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setCursor(0);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => {
          setFocused(true);
          // Back in the field: the highlight starts on the choice taken.
          const taken = picked ? shown.findIndex((c) => c.code === picked.code) : -1;
          if (taken >= 0) setCursor(taken);
        }}
        onBlur={() => setFocused(false)}
      />
      {error && <p id="choice-error" class="field-error">{error}</p>}
      <p id="choice-keys" class="hint">
        {loading ? t("choices_loading") : choices === null ? t("choices_after_account") : t("list_keys")}
      </p>
      {picked && (
        <p class="chosen" role="status">
          {t("chosen")}: <strong>{picked.label}</strong> <span class="product-code">{picked.code}</span>
          <PriceText choice={picked} />
        </p>
      )}
      {choices !== null && (focused || !picked) && (
        <ul id="choice-list" class="choice-list" role="listbox" aria-label={title}>
          {shown.map((c, i) => (
            <li key={c.code} id={`choice-option-${i}`} role="option" aria-selected={i === at} class={c.code === picked?.code ? "picked" : undefined}>
              {/* A press would take the focus from the field and fold the list before the click lands. */}
              <button type="button" class="choice-button" tabIndex={-1} onMouseDown={(e) => e.preventDefault()} onClick={() => take(c)}>
                <span class="choice-label">{c.label}</span> <span class="product-code">{c.code}</span>
                <PriceText choice={c} />
                {c.validity && <span class="muted"> · {c.validity}</span>}
              </button>
            </li>
          ))}
          {typedCode && <li class="muted">{t("choice_typed", { code: typedCode })}</li>}
          {shown.length === 0 && !typedCode && (
            <li class="muted">{choices.length === 0 ? t("choices_none") : t("choices_none_match")}</li>
          )}
        </ul>
      )}
    </div>
  );
}

function PriceText({ choice }: { choice: Choice }) {
  const price = choicePrice(choice);
  if (!price) return null;
  let text: string;
  if ("fixed" in price) text = price.fixed;
  else if (price.min && price.max) text = t("choice_range", { min: price.min, max: price.max });
  else if (price.min) text = t("choice_from", { min: price.min });
  else text = t("choice_up_to", { max: price.max ?? "" });
  return <span class="choice-price"> · {text}</span>;
}
