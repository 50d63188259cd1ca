import { t, type MessageKey } from "../i18n";
import type { ExtraField, ExtraName } from "../types";

/** The labels of the extras typed into fields of their own. */
const LABELS: Record<ExtraName, MessageKey> = {
  subproduct_code: "extra_subproduct_code",
  biller_code: "extra_biller_code",
  ic_number: "extra_ic_number",
  ref2: "extra_ref2",
};

/** The instant hints: how a value is typed, never whether it is right (the core says that). */
const HINTS: Partial<Record<ExtraName, MessageKey>> = { ic_number: "extra_ic_number_hint" };

export const extraInputId = (name: ExtraName) => `extra-${name}`;
export const extraLabel = (name: ExtraName): MessageKey => LABELS[name];

interface Props {
  fields: ExtraField[];
  values: Partial<Record<ExtraName, string>>;
  /** Each field's error, in words, shown beside it. */
  errors: Partial<Record<ExtraName, string>>;
  onChange: (name: ExtraName, value: string) => void;
  /** Enter in the field `name`: the form moves on. */
  onEnter: (name: ExtraName) => void;
}

/** One labelled input per extra the product asks for (Ref-2, the IC number), in the core's order. */
export function ExtraFields({ fields, values, errors, onChange, onEnter }: Props) {
  return (
    <>
      {fields.map(({ name, required }) => {
        const id = extraInputId(name);
        const hint = HINTS[name];
        const error = errors[name];
        const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined;
        return (
          <div key={name} class="field">
            <label for={id}>
              {t(extraLabel(name))}
              {!required && <span class="muted"> ({t("optional")})</span>}
            </label>
            <input
              id={id}
              autoComplete="off"
              value={values[name] ?? ""}
              aria-required={required}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => onChange(name, e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                e.preventDefault();
                onEnter(name);
              }}
            />
            {error && <p id={`${id}-error`} class="field-error">{error}</p>}
            {hint && <p id={`${id}-hint`} class="hint">{t(hint)}</p>}
          </div>
        );
      })}
    </>
  );
}
