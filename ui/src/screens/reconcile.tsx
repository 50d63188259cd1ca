import { useEffect, useRef, useState } from "preact/hooks";
import type { TargetedKeyboardEvent } from "preact";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { formatDateTime, todayGmt8, yesterdayGmt8 } from "../dates";
import { formatMoney } from "../money";
import { iimmpactStateText, mismatchKindText, MISMATCH_KIND_ORDER } from "../labels";
import { useEscape } from "../escape";
import { useAutoFocus } from "../focus";
import { ErrorNote } from "../components/error-note";
import { SaveFile } from "../components/save-file";
import { DateField } from "../components/date-field";
import { StatusBadge } from "../components/status";
import type { ExportDefaults } from "../bindings/ExportDefaults";
import type { IimmpactState } from "../bindings/IimmpactState";
import type { CounterTally, ErrorPayload, Mismatch, MismatchKind, ReconcileReport, StatementCheck } from "../types";

type Run =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; report: ReconcileReport }
  | { kind: "failed"; error: ErrorPayload };

/**
 * The journal against IIMMPACT's records for a range of days: what agrees, each
 * counter's part, every disagreement by kind, the balance statement's own checks, and
 * the mismatches saved to a workbook; filtered by kind and by the counter that sold
 * each payment. Esc clears the filters, then goes back to the counter.
 */
export function Reconcile({ defaults, onLeave }: { defaults: ExportDefaults; onLeave: () => void }) {
  const api = usePlatform();
  const [from, setFrom] = useState(() => yesterdayGmt8());
  const [to, setTo] = useState(() => todayGmt8());
  const [dateError, setDateError] = useState(false);
  const [run, setRun] = useState<Run>({ kind: "idle" });
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  // Each run's report starts afresh: its filter, row focus and saved-file note.
  const [runs, setRuns] = useState(0);
  const runRef = useAutoFocus<HTMLButtonElement>();

  useEscape(filter.kind || filter.counter ? () => setFilter(NO_FILTER) : onLeave);

  const start = async () => {
    // ISO dates compare correctly as text.
    if (to < from) return setDateError(true);
    setDateError(false);
    setRuns((n) => n + 1);
    setFilter(NO_FILTER);
    setRun({ kind: "running" });
    try {
      setRun({ kind: "done", report: await api.reconcile(from, to) });
    } catch (err) {
      setRun({ kind: "failed", error: err as ErrorPayload });
    }
  };

  // Back on Run once the report is in, so Enter runs it again and Tab reaches the rest.
  useEffect(() => {
    if (run.kind === "done" || run.kind === "failed") runRef.current?.focus();
  }, [run.kind]);

  const running = run.kind === "running";
  return (
    <section class="panel reconcile" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">{t("reconcile_title")}</h2>
      <p class="muted">{t("reconcile_hint")}</p>
      <form
        class="reconcile-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset disabled={running}>
          <div class="row">
            <DateField id="reconcile-from" label={t("date_from")} value={from} onInput={setFrom} />
            <DateField id="reconcile-to" label={t("date_to")} value={to} onInput={setTo} errorId={dateError ? "reconcile-date-error" : null} />
            <div class="field actions">
              <button type="submit" class="primary" ref={runRef}>
                {t("reconcile_run")} <kbd>Enter</kbd>
              </button>
            </div>
          </div>
          {dateError && <p id="reconcile-date-error" class="field-error">{t("err_dates")}</p>}
        </fieldset>
      </form>
      <div class="reconcile-status" aria-live="polite" aria-busy={running}>
        {running && <p class="banner info">{t("reconcile_running")}</p>}
        {run.kind === "failed" && <ErrorNote error={run.error} />}
      </div>
      {run.kind === "done" && (
        <Report key={runs} report={run.report} filter={filter} onFilter={setFilter} defaults={defaults} />
      )}
    </section>
  );
}

/**
 * What the rows are narrowed to; "" shows all. A counter is chosen by its
 * `counterKey`, which the payments no counter is named for have too.
 */
type Filter = { kind: MismatchKind | ""; counter: string };
const NO_FILTER: Filter = { kind: "", counter: "" };

function counterKey(counter: string | null): string {
  return `counter:${counter ?? ""}`;
}

function tally<K>(rows: Mismatch[], key: (m: Mismatch) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const m of rows) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1);
  return counts;
}

function Report({ report, filter, onFilter, defaults }: { report: ReconcileReport; filter: Filter; onFilter: (f: Filter) => void; defaults: ExportDefaults }) {
  const kinds = tally(report.mismatches, (m) => m.kind);
  const counters = tally(report.mismatches, (m) => m.counter);
  // By name, the payments no counter is named for last.
  const counterNames = [...counters.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  const shown = report.mismatches.filter(
    (m) => (!filter.kind || m.kind === filter.kind) && (!filter.counter || counterKey(m.counter) === filter.counter),
  );
  return (
    <>
      <table class="reconcile-summary" aria-label={t("totals")}>
        <tbody>
          <tr><th scope="row">{t("reconcile_matched")}</th><td class="num">{report.matched}</td></tr>
          <tr><th scope="row">{t("reconcile_mismatches")}</th><td class="num">{report.mismatches.length}</td></tr>
          <tr><th scope="row">{t("reconcile_settled")}</th><td class="num">{report.settled}</td></tr>
          {report.open_at_both > 0 && <tr><th scope="row">{t("reconcile_open_at_both")}</th><td class="num">{report.open_at_both}</td></tr>}
          <tr><th scope="row">{t("reconcile_statement")}</th><td><Statement check={report.statement} /></td></tr>
        </tbody>
      </table>
      <p class="muted small">{t("reconcile_counted", { journal: report.journal_payments, iimmpact: report.iimmpact_transactions })}</p>
      {report.by_counter.length > 0 && (
        <ByCounter lines={report.by_counter} openAtBoth={report.open_at_both > 0} onShow={(counter) => onFilter({ kind: "", counter: counterKey(counter) })} />
      )}
      {report.mismatches.length === 0 ? (
        <p class="banner ok">{t("reconcile_none")}</p>
      ) : (
        <>
          <div class="filters row">
            <div class="field">
              <label for="reconcile-kind">{t("reconcile_filter_kind")}</label>
              <select id="reconcile-kind" value={filter.kind} onChange={(e) => onFilter({ ...filter, kind: e.currentTarget.value as MismatchKind | "" })}>
                <option value="">{t("reconcile_all_kinds", { count: report.mismatches.length })}</option>
                {MISMATCH_KIND_ORDER.filter((k) => kinds.has(k)).map((k) => (
                  <option key={k} value={k}>{`${mismatchKindText(k)} (${kinds.get(k)})`}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="reconcile-counter">{t("reconcile_filter_counter")}</label>
              <select id="reconcile-counter" value={filter.counter} onChange={(e) => onFilter({ ...filter, counter: e.currentTarget.value })}>
                <option value="">{t("reconcile_all_counters", { count: report.mismatches.length })}</option>
                {counterNames.map((name) => (
                  <option key={name ?? ""} value={counterKey(name)}>{`${name ?? t("reconcile_no_counter")} (${counters.get(name)})`}</option>
                ))}
              </select>
            </div>
          </div>
          <p id="reconcile-rows-hint" class="muted small">{t("reconcile_rows_hint")}</p>
          <div class="table-wrap">
            <MismatchTable rows={shown} />
          </div>
        </>
      )}
      <SaveReport report={report} defaults={defaults} />
    </>
  );
}

/**
 * Each counter's figures, as the core counted them; a counter's mismatches are a
 * button that shows only its rows.
 */
function ByCounter({ lines, openAtBoth, onShow }: { lines: CounterTally[]; openAtBoth: boolean; onShow: (counter: string | null) => void }) {
  return (
    <table class="by-counter">
      <caption>{t("reconcile_by_counter")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("reconcile_counter")}</th>
          <th scope="col" class="num">{t("reconcile_matched")}</th>
          {openAtBoth && <th scope="col" class="num">{t("reconcile_open_at_both")}</th>}
          <th scope="col" class="num">{t("reconcile_mismatches")}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const name = line.counter ?? t("reconcile_no_counter");
          return (
            <tr key={counterKey(line.counter)}>
              <th scope="row" class={line.counter === null ? "muted" : undefined}>{name}</th>
              <td class="num">{line.matched}</td>
              {openAtBoth && <td class="num">{line.open_at_both}</td>}
              <td class="num">
                {line.mismatches === 0 ? (
                  line.mismatches
                ) : (
                  <button type="button" aria-label={t("reconcile_show_counter", { count: line.mismatches, counter: name })} onClick={() => onShow(line.counter)}>
                    {line.mismatches}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Statement({ check }: { check: StatementCheck }) {
  const verdict =
    check.entries === 0
      ? t("reconcile_statement_empty")
      : check.balances
        ? t("reconcile_statement_balances", { entries: check.entries })
        : t("reconcile_statement_off", {
            entries: check.entries,
            opening: formatMoney(check.opening ?? "0"),
            closing: formatMoney(check.closing ?? "0"),
            sum: formatMoney(check.sum_of_entries),
          });
  const unmatched = check.debits_without_transaction;
  return (
    <div class="statement-check">
      <span class={`status ${check.balances ? "status-succeeded" : "status-failed"}`}>{verdict}</span>
      {unmatched.length > 0 && (
        <>
          <p>{t("reconcile_debits_unmatched", { count: unmatched.length })}</p>
          <ul class="small">
            {unmatched.map((line) => (
              <li key={line.id}>
                <span class="mono">#{line.id}</span> {formatDateTime(line.date)} {formatMoney(line.amount)} <span class="muted">{line.remarks}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

// Arrow keys step through the rows; only one row is a Tab stop, so Tab leaves the table.
const MOVES: Record<string, (at: number, last: number) => number> = {
  ArrowDown: (at) => at + 1,
  ArrowUp: (at) => at - 1,
  PageDown: (at) => at + 10,
  PageUp: (at) => at - 10,
  Home: () => 0,
  End: (_, last) => last,
};

function MismatchTable({ rows }: { rows: Mismatch[] }) {
  const [current, setCurrent] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const last = rows.length - 1;
  const at = Math.min(current, last);

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLTableSectionElement>) => {
    const move = MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(last, move(at, last)));
    setCurrent(next);
    (body.current?.children[next] as HTMLElement | undefined)?.focus();
  };

  return (
    <table class="mismatches">
      <thead>
        <tr>
          <th scope="col">{t("reconcile_kind")}</th>
          <th scope="col">{t("refid")}</th>
          <th scope="col">{t("account")}</th>
          <th scope="col">{t("product")}</th>
          <th scope="col">{t("reconcile_counter")}</th>
          <th scope="col">{t("reconcile_journal")}</th>
          <th scope="col">{t("reconcile_iimmpact")}</th>
        </tr>
      </thead>
      <tbody ref={body} onKeyDown={onKeyDown}>
        {rows.map((m, i) => (
          <tr
            key={`${m.kind}:${m.refid}:${m.trxid ?? ""}`}
            data-kind={m.kind}
            tabIndex={i === at ? 0 : -1}
            aria-describedby="reconcile-rows-hint"
            onFocus={() => setCurrent(i)}
          >
            <td>{mismatchKindText(m.kind)}</td>
            <td class="mono small">{m.refid}</td>
            <td class="mono">{m.account}</td>
            <td>{productCell(m)}</td>
            <td>{m.counter ?? <span class="muted">{t("reconcile_no_counter")}</span>}</td>
            <td>
              {m.journal_state ? <StatusBadge state={m.journal_state} /> : <span class="muted">{t("reconcile_absent")}</span>}
              {m.journal_amount !== null && <span class="num side-amount">{formatMoney(m.journal_amount)}</span>}
              {m.settled && <span class="small muted settled">{t("reconcile_settled_to", { state: t(`status_${m.settled}`) })}</span>}
            </td>
            <td>
              {m.iimmpact_state ? <IimmpactBadge state={m.iimmpact_state} /> : <span class="muted">{t("reconcile_absent")}</span>}
              {m.iimmpact_amount !== null && <span class="num side-amount">{formatMoney(m.iimmpact_amount)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Both codes when the sides disagree on the product, else the one they share. */
function productCell(m: Mismatch): string {
  const [ours, theirs] = [m.journal_product, m.iimmpact_product];
  return ours && theirs && ours !== theirs ? `${ours} / ${theirs}` : m.product;
}

function IimmpactBadge({ state }: { state: IimmpactState }) {
  // An unclear record looks like the journal's own unclear state: someone must look.
  return <span class={`status status-${state === "unclear" ? "unknown" : state}`}>{iimmpactStateText(state)}</span>;
}

/** The report's mismatches (all of them, whatever the filter) to a workbook, or CSV. */
function SaveReport({ report, defaults }: { report: ReconcileReport; defaults: ExportDefaults }) {
  const api = usePlatform();
  return (
    <SaveFile
      name="reconcile"
      suggestedName={`reconcile_${report.from}_${report.to}.xlsx`}
      action="reconcile_export"
      busy="reconcile_exporting"
      hint="reconcile_export_hint"
      write={(out, overwrite) => api.exportReconcile(report.from, report.to, out, { bom: defaults.bom, crlf: defaults.crlf }, overwrite)}
    />
  );
}
