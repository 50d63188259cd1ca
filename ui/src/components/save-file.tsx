import { useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t, type MessageKey } from "../i18n";
import { useSavePath } from "../save-path";
import { ErrorNote } from "./error-note";
import { ReplaceFile } from "./replace-file";
import type { ErrorPayload, Summary } from "../types";

type Saving =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; path: string; rows: number }
  | { kind: "failed"; error: ErrorPayload }
  // The file is there already: the user says whether to replace it.
  | { kind: "replace"; path: string };

interface Props {
  /** Prefixes the form's class and its fields' ids (`<name>-export`, `<name>-path`). */
  name: string;
  suggestedName: string;
  action: MessageKey;
  busy: MessageKey;
  hint: MessageKey;
  /** Writes the file; rejects `file_exists` unless `overwrite`. */
  write: (path: string, overwrite: boolean) => Promise<Summary>;
}

/** A report's rows to a workbook (or CSV, by the name): the path, Browse, and the replace question. */
export function SaveFile({ name, suggestedName, action, busy, hint, write }: Props) {
  const api = usePlatform();
  const { path, setPath, browse, resolve } = useSavePath(suggestedName);
  const [saving, setSaving] = useState<Saving>({ kind: "idle" });

  const save = async (out: string, overwrite: boolean) => {
    setSaving({ kind: "saving" });
    try {
      const summary = await write(out, overwrite);
      setSaving({ kind: "saved", path: out, rows: summary.rows });
    } catch (err) {
      const error = err as ErrorPayload;
      setSaving(error.kind === "file_exists" ? { kind: "replace", path: out } : { kind: "failed", error });
    }
  };

  const start = async () => {
    const out = await resolve();
    if (out) await save(out, false);
  };

  return (
    <form
      class={`${name}-export`}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div class="field">
        <label for={`${name}-path`}>{t("save_to")}</label>
        <div class="row">
          <input id={`${name}-path`} class="path" spellcheck={false} aria-describedby={`${name}-path-hint`} value={path} onInput={(e) => setPath(e.currentTarget.value)} />
          <button type="button" onClick={browse}>{t("browse")}</button>
          <button type="submit" disabled={saving.kind === "saving"}>{saving.kind === "saving" ? t(busy) : t(action)}</button>
        </div>
        <p id={`${name}-path-hint`} class="muted small">{t(hint)}</p>
      </div>
      <div class={`${name}-saved`} aria-live="polite">
        {saving.kind === "saved" && (
          <p class="banner ok">
            {t("export_done", { rows: saving.rows.toLocaleString("en-MY"), path: saving.path })}{" "}
            <button type="button" onClick={() => void api.revealFile(saving.path)}>{t("open_folder")}</button>
          </p>
        )}
        {saving.kind === "failed" && <ErrorNote error={saving.error} />}
      </div>
      {saving.kind === "replace" && (
        <ReplaceFile path={saving.path} onReplace={() => void save(saving.path, true)} onCancel={() => setSaving({ kind: "idle" })} />
      )}
    </form>
  );
}
