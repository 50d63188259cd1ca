import { useEffect, useRef, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { todayGmt8 } from "../dates";
import { summaryGroupLabel } from "../labels";
import { formatMoney } from "../money";
import { ErrorNote } from "../components/error-note";
import { ReplaceFile } from "../components/replace-file";
import { DateField } from "../components/date-field";
import { useSavePath } from "../save-path";
import type { EntryType, ErrorPayload, ExportProgress, ExportRequest, Summary } from "../types";
import type { ExportDefaults } from "../bindings/ExportDefaults";
import type { ExportKind } from "../bindings/ExportKind";

const TYPES: EntryType[] = ["deposit", "transaction", "refund", "commission"];
const NO_PROGRESS: ExportProgress = { rows: 0, pages: 0, total_rows: null, total_pages: null };

/**
 * Progress goes to the bar, not through the screen's state: each report then renders the
 * bar and its line alone instead of the whole form, which was about half of what an
 * export cost the web process.
 */
interface ProgressFeed {
  last: ExportProgress;
  show?: (progress: ExportProgress) => void;
}

type Run =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; summary: Summary; path: string; report: ExportKind["kind"] }
  | { kind: "failed"; error: ErrorPayload }
  // The file is there already: the cashier says whether to replace it.
  | { kind: "replace"; request: ExportRequest; path: string };

export function Export({ defaults }: { defaults: ExportDefaults }) {
  const api = usePlatform();
  const today = todayGmt8();
  const [report, setReport] = useState<ExportKind["kind"]>("balance_statement");
  const [singleDay, setSingleDay] = useState(true);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [type, setType] = useState<EntryType | "">(defaults.entry_type ?? "");
  const [bom, setBom] = useState(defaults.bom);
  const [dateError, setDateError] = useState(false);
  const [run, setRun] = useState<Run>({ kind: "idle" });
  const feed = useRef<ProgressFeed>({ last: NO_PROGRESS }).current;

  const end = singleDay ? from : to;
  // A workbook unless the cashier types .csv: the core writes what the name ends in.
  // Until a path is typed or chosen, the name follows the form.
  const suggestedName = `${report === "transactions" ? "transactions" : "statement"}_${from === end ? from : `${from}_${end}`}.xlsx`;
  const { path, setPath, browse, resolve } = useSavePath(suggestedName);
  const csv = /\.csv$/i.test(path.trim());

  const start = async () => {
    // ISO dates compare correctly as text.
    if (end < from) return setDateError(true);
    setDateError(false);
    const out = await resolve();
    if (!out) return;
    const what: ExportKind =
      report === "transactions" ? { kind: "transactions" } : { kind: "balance_statement", entry_type: type || null };
    await exportTo({ what, from, to: end, format: { bom, crlf: defaults.crlf }, overwrite: false }, out);
  };

  const exportTo = async (request: ExportRequest, out: string) => {
    feed.last = NO_PROGRESS;
    setRun({ kind: "running" });
    try {
      const summary = await api.exportStatement(request, out, (progress) => {
        feed.last = progress;
        feed.show?.(progress);
      });
      setRun({ kind: "done", summary, path: out, report: request.what.kind });
    } catch (err) {
      const error = err as ErrorPayload;
      setRun(error.kind === "file_exists" ? { kind: "replace", request, path: out } : { kind: "failed", error });
    }
  };

  const running = run.kind === "running";
  return (
    <section class="panel export" aria-labelledby="export-title">
      <h2 id="export-title">{t("export_title")}</h2>
      <form
        class="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset disabled={running}>
          <div class="row">
            <DateField id="export-from" label={singleDay ? t("date") : t("date_from")} value={from} onInput={setFrom} />
            {!singleDay && (
              <DateField id="export-to" label={t("date_to")} value={to} onInput={setTo} errorId={dateError ? "export-date-error" : null} />
            )}
            <div class="field check">
              <input id="export-single" type="checkbox" checked={singleDay} onChange={(e) => setSingleDay(e.currentTarget.checked)} />
              <label for="export-single">{t("single_day")}</label>
            </div>
          </div>
          {dateError && <p id="export-date-error" class="field-error">{t("err_dates")}</p>}
          <div class="field">
            <label for="export-path">{t("save_to")}</label>
            <div class="row">
              <input id="export-path" class="path" spellcheck={false} aria-describedby="export-path-hint" value={path} onInput={(e) => setPath(e.currentTarget.value)} />
              <button type="button" onClick={browse}>{t("browse")}</button>
            </div>
            <p id="export-path-hint" class="muted">{t("export_file_type_hint")}</p>
          </div>
          <div class="row">
            <div class="field">
              <label for="export-report">{t("report")}</label>
              <select id="export-report" value={report} onChange={(e) => setReport(e.currentTarget.value as ExportKind["kind"])}>
                <option value="balance_statement">{t("report_statement")}</option>
                <option value="transactions">{t("report_transactions")}</option>
              </select>
            </div>
            <div class="field">
              <label for="export-type">{t("entry_type")}</label>
              <select
                id="export-type"
                value={type}
                disabled={report === "transactions"}
                onChange={(e) => setType(e.currentTarget.value as EntryType | "")}
              >
                <option value="">{t("type_all")}</option>
                {TYPES.map((ty) => <option key={ty} value={ty}>{t(`type_${ty}`)}</option>)}
              </select>
            </div>
            {/* A workbook has no byte-order mark to choose. */}
            {csv && (
              <div class="field check">
                <input id="export-bom" type="checkbox" checked={bom} onChange={(e) => setBom(e.currentTarget.checked)} />
                <label for="export-bom">{t("bom")}</label>
              </div>
            )}
          </div>
        </fieldset>
        <div class="actions">
          {running ? (
            <button type="button" onClick={() => void api.cancelExport()}>{t("export_cancel")}</button>
          ) : (
            <button type="submit" class="primary">{t("export_start")}</button>
          )}
        </div>
      </form>
      <div class="export-status">
        {run.kind === "running" && <Progress feed={feed} />}
        {/* Only the start and the outcome are announced: a live region around the row count
            would read it out at every report. The bar still tells its value to whoever asks. */}
        <div aria-live="polite">
          {run.kind === "running" && <p class="sr-only">{t("export_running")}</p>}
          {run.kind === "failed" &&
            (run.error.kind === "cancelled" ? <p class="banner warn">{t("export_cancelled")}</p> : <ErrorNote error={run.error} />)}
          {run.kind === "done" && <SummaryView summary={run.summary} path={run.path} report={run.report} />}
        </div>
      </div>
      {run.kind === "replace" && (
        <ReplaceFile
          path={run.path}
          onReplace={() => void exportTo({ ...run.request, overwrite: true }, run.path)}
          onCancel={() => setRun({ kind: "idle" })}
        />
      )}
    </section>
  );
}

function Progress({ feed }: { feed: ProgressFeed }) {
  const [progress, setProgress] = useState(feed.last);
  useEffect(() => {
    feed.show = setProgress;
    return () => (feed.show = undefined);
  }, [feed]);
  const label = t("export_rows", { rows: progress.rows.toLocaleString("en-MY"), pages: progress.total_pages ? `${progress.pages}/${progress.total_pages}` : progress.pages });
  return (
    <div class="progress">
      {/* No max until the first page tells the total: the bar then shows "busy" instead of guessing. */}
      <progress value={progress.total_pages ? progress.pages : undefined} max={progress.total_pages ?? undefined} aria-label={t("export_running")} />
      <p>{label}</p>
    </div>
  );
}

function SummaryView({ summary, path, report }: { summary: Summary; path: string; report: ExportKind["kind"] }) {
  const api = usePlatform();
  return (
    <div class="summary">
      <p class="banner ok">{t("export_done", { rows: summary.rows.toLocaleString("en-MY"), path })}</p>
      <table>
        <tbody>
          {summary.opening_balance !== null && (
            <tr><th scope="row">{t("opening")}</th><td class="num">{formatMoney(summary.opening_balance)}</td><td /></tr>
          )}
          {summary.groups.map((s) => (
            <tr key={s.name}><th scope="row">{summaryGroupLabel(report, s.name)}</th><td class="num">{formatMoney(s.amount)}</td><td class="num muted">{s.count}</td></tr>
          ))}
          {summary.closing_balance !== null && (
            <tr><th scope="row">{t("closing")}</th><td class="num">{formatMoney(summary.closing_balance)}</td><td /></tr>
          )}
        </tbody>
      </table>
      <button type="button" onClick={() => void api.revealFile(path)}>{t("open_folder")}</button>
    </div>
  );
}
