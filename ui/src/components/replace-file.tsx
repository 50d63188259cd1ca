import { t } from "../i18n";
import { useDeliberateEnter } from "../focus";
import { useModalDialog } from "../escape";

/** "<file> already exists. Replace it?": Enter replaces (the focused button), Esc keeps the file. */
export function ReplaceFile({ path, onReplace, onCancel }: { path: string; onReplace: () => void; onCancel: () => void }) {
  const dialog = useModalDialog(onCancel);
  // Replacing a file is not undone: not by the Enter, still held, that started the export.
  const { ref: replaceRef, armed, onEnter } = useDeliberateEnter<HTMLButtonElement>();
  const file = path.split(/[\\/]/).pop() || path;
  return (
    // A modal dialog: focus stays inside it, and Esc cancels it.
    <dialog ref={dialog.ref} class="replace-file" role="alertdialog" aria-labelledby="replace-file-question" onCancel={dialog.onCancel}>
      <p id="replace-file-question">{t("file_exists", { file })}</p>
      <p class="mono small muted">{path}</p>
      <div class="actions">
        <button type="button" onClick={onCancel}>
          <kbd>Esc</kbd> {t("cancel")}
        </button>
        <button type="button" class="primary" ref={replaceRef} data-armed={armed} onKeyDown={onEnter(onReplace)} onClick={onReplace}>
          {t("replace")} <kbd>Enter</kbd>
        </button>
      </div>
    </dialog>
  );
}
