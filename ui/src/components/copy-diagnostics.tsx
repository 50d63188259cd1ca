import { useEffect, useRef, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { ErrorNote } from "./error-note";
import type { ErrorPayload } from "../types";

type Copied = "not_yet" | "copied" | "refused";

/**
 * "Copy diagnostics" for a support request. The report is asked for before the click:
 * WebKit lets a page write the clipboard only within the click itself, not after
 * waiting for the core. Should the write be refused anyway, the report is shown,
 * selected, to be copied by hand.
 */
export function CopyDiagnostics() {
  const api = usePlatform();
  const [report, setReport] = useState<string | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [copied, setCopied] = useState<Copied>("not_yet");
  const byHand = useRef<HTMLTextAreaElement>(null);

  const load = () => api.diagnostics().then(setReport, (err) => setError(err as ErrorPayload));
  useEffect(() => void load(), []);
  useEffect(() => byHand.current?.select(), [copied]);

  const copy = () => {
    if (report === null) return;
    api.copyText(report).then(
      () => {
        setCopied("copied");
        // The next copy carries the log as it is then.
        void load();
      },
      () => setCopied("refused"),
    );
  };

  return (
    <section class="panel diagnostics" aria-labelledby="diagnostics-title">
      <h3 id="diagnostics-title">{t("diagnostics_title")}</h3>
      <p class="muted">{t("diagnostics_hint")}</p>
      <ErrorNote error={error} />
      <div class="actions">
        <button type="button" disabled={report === null} onClick={copy}>{t("diagnostics_copy")}</button>
      </div>
      {copied === "copied" && <p class="ok-text" role="status">{t("diagnostics_copied")}</p>}
      {copied === "refused" && report !== null && (
        <>
          <p class="banner warn" role="status">{t("diagnostics_copy_by_hand")}</p>
          <textarea ref={byHand} class="mono small" rows={12} readOnly spellcheck={false} aria-label={t("diagnostics_title")} value={report} />
        </>
      )}
    </section>
  );
}
