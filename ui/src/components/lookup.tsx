import { useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { useAutoFocus } from "../focus";
import { useModalDialog } from "../escape";
import { ErrorNote } from "./error-note";
import { PaymentTable } from "./payment-table";
import { usePaymentUpdates } from "../updates";
import type { ErrorPayload, Payment } from "../types";

/** "Was this customer charged?": the journal searched by account or refid, over any screen. */
export function Lookup({ onClose, onPrint }: { onClose: () => void; onPrint: (p: Payment) => void }) {
  const api = usePlatform();
  const dialog = useModalDialog(onClose);
  const queryRef = useAutoFocus<HTMLInputElement>();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Payment[] | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  // An open payment found here may settle while the cashier is reading it out.
  usePaymentUpdates((p) => setResults((rows) => rows && rows.map((row) => (row.refid === p.refid ? p : row))));

  const search = async () => {
    if (query.trim() === "") return;
    try {
      setResults(await api.lookup(query.trim()));
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  };

  return (
    <dialog ref={dialog.ref} class="lookup" aria-labelledby="lookup-title" onCancel={dialog.onCancel}>
      <h2 id="lookup-title">{t("lookup_title")}</h2>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label for="lookup-query" class="sr-only">{t("lookup_query")}</label>
        <input
          id="lookup-query"
          ref={queryRef}
          autoComplete="off"
          placeholder={t("lookup_query")}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <button type="submit" class="primary">{t("search")}</button>
        <button type="button" onClick={onClose}><kbd>Esc</kbd> {t("close")}</button>
      </form>
      <ErrorNote error={error} />
      <div class="lookup-results">
        {results && (results.length === 0 ? <p class="muted">{t("lookup_none")}</p> : <PaymentTable payments={results} onPrint={onPrint} />)}
      </div>
    </dialog>
  );
}
