import { useEffect, useRef, useState } from "preact/hooks";
import { createPortal } from "preact/compat";
import type { ComponentChildren, TargetedKeyboardEvent } from "preact";
import { usePlatform } from "../platform";
import { t, type MessageKey } from "../i18n";
import { formatDate, formatDateTime, todayGmt8, yesterdayGmt8 } from "../dates";
import { formatMoney } from "../money";
import { iimmpactStateText } from "../labels";
import { printView } from "../print";
import { useEscape } from "../escape";
import { usePaymentUpdates } from "../updates";
import { ErrorNote } from "../components/error-note";
import { SaveFile } from "../components/save-file";
import { DateField } from "../components/date-field";
import { StatusBadge } from "../components/status";
import type { ExportDefaults } from "../bindings/ExportDefaults";
import type { CsvFormat, ErrorPayload, MonthStatement, ShiftReport, Summary, SummaryBy, SummaryLine, TransactionSummary } from "../types";

type Part = "summary" | "month" | "shift";
const PARTS: { part: Part; label: MessageKey }[] = [
  { part: "summary", label: "reports_summary" },
  { part: "month", label: "reports_month" },
  { part: "shift", label: "reports_shift" },
];

type Run<T> = { kind: "idle" } | { kind: "running" } | { kind: "done"; report: T } | { kind: "failed"; error: ErrorPayload };

/** A report asked for on the clerk's say-so: its latest answer, or why there is none. */
function useRun<T>() {
  const [run, setRun] = useState<Run<T>>({ kind: "idle" });
  // A slower earlier run must not overwrite the answer to a later one.
  const latest = useRef(0);
  const start = async (ask: () => Promise<T>, quietly = false) => {
    const mine = ++latest.current;
    if (!quietly) setRun({ kind: "running" });
    try {
      const report = await ask();
      if (mine === latest.current) setRun({ kind: "done", report });
    } catch (err) {
      if (mine === latest.current) setRun({ kind: "failed", error: err as ErrorPayload });
    }
  };
  return { run, start };
}

/**
 * Summaries and reports (F7): the Transaction Summary and the monthly statement from
 * IIMMPACT's records, and this counter's end-of-shift report from its journal. ← → pick
 * the report, Enter shows it, Esc goes back to the counter.
 */
export function Reports({ defaults, onLeave }: { defaults: ExportDefaults; onLeave: () => void }) {
  const [part, setPart] = useState<Part>("summary");
  // The first part shown takes the focus; one reached with the arrows leaves it on its tab.
  const [focusRun, setFocusRun] = useState(true);
  const tabs = useRef<HTMLDivElement>(null);
  useEscape(onLeave);

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const at = (PARTS.findIndex((p) => p.part === part) + step + PARTS.length) % PARTS.length;
    setFocusRun(false);
    setPart(PARTS[at].part);
    (tabs.current?.children[at] as HTMLElement | undefined)?.focus();
  };

  return (
    <section class="panel reports" aria-labelledby="reports-title">
      <h2 id="reports-title">{t("reports_title")}</h2>
      <div class="report-tabs" role="tablist" aria-label={t("reports_parts")} aria-describedby="reports-tabs-hint" ref={tabs} onKeyDown={onKeyDown}>
        {PARTS.map((p) => (
          <button
            key={p.part}
            type="button"
            role="tab"
            id={`reports-tab-${p.part}`}
            class="tab"
            aria-selected={p.part === part}
            aria-controls="reports-part"
            tabIndex={p.part === part ? 0 : -1}
            onClick={() => setPart(p.part)}
          >
            {t(p.label)}
          </button>
        ))}
      </div>
      <p id="reports-tabs-hint" class="muted small">{t("reports_parts_hint")}</p>
      <div id="reports-part" role="tabpanel" aria-labelledby={`reports-tab-${part}`}>
        {part === "summary" && <SummaryPart defaults={defaults} focusRun={focusRun} />}
        {part === "month" && <MonthPart defaults={defaults} focusRun={focusRun} />}
        {part === "shift" && <ShiftPart defaults={defaults} focusRun={focusRun} />}
      </div>
    </section>
  );
}

/** A part's form: its fields, and Show on Enter. The button has the focus when `focus` says so. */
function RunForm({ name, busy, focus, onRun, children, error }: { name: string; busy: boolean; focus: boolean; onRun: () => void; children: ComponentChildren; error?: ComponentChildren }) {
  const runRef = useRef<HTMLButtonElement>(null);
  const wasBusy = useRef(false);
  useEffect(() => {
    if (focus) runRef.current?.focus();
  }, []);
  // Back on Show once the report is in (the disabled form dropped the focus), so Enter
  // shows it again and Tab reaches the report.
  useEffect(() => {
    if (wasBusy.current && !busy) runRef.current?.focus();
    wasBusy.current = busy;
  }, [busy]);
  return (
    <form
      class={`report-form ${name}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <fieldset disabled={busy}>
        <div class="row">
          {children}
          <div class="field actions">
            <button type="submit" class="primary" ref={runRef}>
              {t("reports_run")} <kbd>Enter</kbd>
            </button>
          </div>
        </div>
        {error}
      </fieldset>
    </form>
  );
}

/** A table that may be long: a Tab stop of its own, so the arrow keys scroll it. */
function Scrolling({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap report-table" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

function Status<T>({ run, busy }: { run: Run<T>; busy: MessageKey }) {
  return (
    <div class="report-status" aria-live="polite" aria-busy={run.kind === "running"}>
      {run.kind === "running" && <p class="banner info">{t(busy)}</p>}
      {run.kind === "failed" && <ErrorNote error={run.error} />}
    </div>
  );
}

/** A report shown, to a file: "Export …" and its hint, the CSV laid out as Settings has it. */
function ExportReport({ report, suggestedName, defaults, write }: {
  report: "summary" | "month" | "shift";
  suggestedName: string;
  defaults: ExportDefaults;
  write: (path: string, format: CsvFormat, overwrite: boolean) => Promise<Summary>;
}) {
  return (
    <SaveFile
      name={report}
      suggestedName={suggestedName}
      action={`${report}_export`}
      busy="saving"
      hint={`${report}_export_hint`}
      write={(out, overwrite) => write(out, { bom: defaults.bom, crlf: defaults.crlf }, overwrite)}
    />
  );
}

const BY: { by: SummaryBy; label: MessageKey }[] = [
  { by: "day", label: "summary_by_day" },
  { by: "product", label: "summary_by_product" },
  { by: "counter", label: "summary_by_counter" },
];

function SummaryPart({ defaults, focusRun }: { defaults: ExportDefaults; focusRun: boolean }) {
  const api = usePlatform();
  const [from, setFrom] = useState(() => yesterdayGmt8());
  const [to, setTo] = useState(() => todayGmt8());
  const [by, setBy] = useState<SummaryBy>("day");
  const [dateError, setDateError] = useState(false);
  const { run, start } = useRun<TransactionSummary>();

  const show = () => {
    // ISO dates compare correctly as text.
    if (to < from) return setDateError(true);
    setDateError(false);
    void start(() => api.transactionSummary(from, to));
  };

  return (
    <>
      <p class="muted">{t("summary_hint")}</p>
      <RunForm
        name="summary"
        busy={run.kind === "running"}
        focus={focusRun}
        onRun={show}
        error={dateError && <p id="summary-date-error" class="field-error">{t("err_dates")}</p>}
      >
        <DateField id="summary-from" label={t("date_from")} value={from} onInput={setFrom} />
        <DateField id="summary-to" label={t("date_to")} value={to} onInput={setTo} errorId={dateError ? "summary-date-error" : null} />
        <div class="field">
          <label for="summary-by">{t("summary_by")}</label>
          <select id="summary-by" value={by} onChange={(e) => setBy(e.currentTarget.value as SummaryBy)}>
            {BY.map((b) => (
              <option key={b.by} value={b.by}>{t(b.label)}</option>
            ))}
          </select>
        </div>
      </RunForm>
      <Status run={run} busy="reports_loading" />
      {run.kind === "done" && <SummaryReport key={`${run.report.from}:${run.report.to}`} summary={run.report} by={by} defaults={defaults} />}
    </>
  );
}

function SummaryReport({ summary, by, defaults }: { summary: TransactionSummary; by: SummaryBy; defaults: ExportDefaults }) {
  const api = usePlatform();
  const lines = by === "day" ? summary.by_day : by === "product" ? summary.by_product : summary.by_counter;
  const byLabel = t(BY.find((b) => b.by === by)!.label);
  return (
    <>
      <p class="muted small">{t("summary_listed", { count: summary.transactions, from: formatDate(summary.from), to: formatDate(summary.to) })}</p>
      {summary.total.count === 0 ? (
        <p class="banner info">{t("summary_none")}</p>
      ) : (
        <Scrolling label={`${t("reports_summary")}: ${byLabel}`}>
          <table class="summary-lines">
            <thead>
              <tr>
                <th scope="col">{byLabel}</th>
                <th scope="col" class="num">{t("summary_sales")}</th>
                <th scope="col" class="num">{t("summary_face_value")}</th>
                <th scope="col" class="num">{t("summary_cost")}</th>
                <th scope="col" class="num">{t("summary_margin")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.key}>
                  <th scope="row">{lineName(line, by)}</th>
                  <FigureCells figures={line} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr class="summary-total">
                <th scope="row">{t("summary_total")}</th>
                <FigureCells figures={summary.total} />
              </tr>
            </tfoot>
          </table>
        </Scrolling>
      )}
      {summary.total.without_cost > 0 && <p class="muted small">{t("summary_without_cost", { count: summary.total.without_cost })}</p>}
      {summary.not_sold.length > 0 && (
        <table class="not-sold" aria-label={t("summary_not_sold")}>
          <caption>{t("summary_not_sold")}</caption>
          <tbody>
            {summary.not_sold.map((n) => (
              <tr key={n.state}>
                <th scope="row">{iimmpactStateText(n.state)}</th>
                <td class="num">{n.count}</td>
                <td class="num">{formatMoney(n.face_value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ExportReport
        key={by}
        report="summary"
        suggestedName={`summary_${by}_${summary.from}_${summary.to}.xlsx`}
        defaults={defaults}
        write={(out, format, overwrite) => api.exportSummary(summary.from, summary.to, by, out, format, overwrite)}
      />
    </>
  );
}

function lineName(line: SummaryLine, by: SummaryBy): string {
  if (by === "day") return line.key ? formatDate(line.key) : t("group_none");
  if (by === "counter") return line.key || t("summary_no_counter");
  return line.product_name ? `${line.key} ${line.product_name}` : line.key;
}

function FigureCells({ figures }: { figures: { count: number; face_value: string; cost: string; margin: string } }) {
  return (
    <>
      <td class="num">{figures.count}</td>
      <td class="num">{formatMoney(figures.face_value)}</td>
      <td class="num">{formatMoney(figures.cost)}</td>
      <td class="num">{formatMoney(figures.margin)}</td>
    </>
  );
}

/** This month and the twelve before it, newest first, as the core takes them ("2026-11"). */
export function recentMonths(today: string): string[] {
  let [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const months: string[] = [];
  for (let i = 0; i < 13; i++) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
  }
  return months;
}

const monthName = (month: string) => `${t(`month_${Number(month.slice(5, 7))}` as MessageKey)} ${month.slice(0, 4)}`;

function MonthPart({ defaults, focusRun }: { defaults: ExportDefaults; focusRun: boolean }) {
  const api = usePlatform();
  const [months] = useState(() => recentMonths(todayGmt8()));
  // Last month by default: the one a clerk closes.
  const [month, setMonth] = useState(months[1]);
  const { run, start } = useRun<MonthStatement>();

  return (
    <>
      <p class="muted">{t("month_hint")}</p>
      <RunForm name="month" busy={run.kind === "running"} focus={focusRun} onRun={() => void start(() => api.monthStatement(month))}>
        <div class="field">
          <label for="month-choose">{t("month_choose")}</label>
          <select id="month-choose" value={month} onChange={(e) => setMonth(e.currentTarget.value)}>
            {months.map((m) => (
              <option key={m} value={m}>{monthName(m)}</option>
            ))}
          </select>
        </div>
      </RunForm>
      <Status run={run} busy="month_loading" />
      {run.kind === "done" && (
        <>
          <Statement statement={run.report} />
          <ExportReport
            key={run.report.month}
            report="month"
            suggestedName={`statement_${run.report.month}.xlsx`}
            defaults={defaults}
            write={(out, format, overwrite) => api.exportMonthStatement(run.report.month, out, format, overwrite)}
          />
        </>
      )}
    </>
  );
}


function Statement({ statement: s }: { statement: MonthStatement }) {
  const money = (amount: string | null) => (amount === null ? t("month_none") : formatMoney(amount));
  const rows: [MessageKey, string][] = [
    ["opening", money(s.opening)],
    ["month_deposits", money(s.deposits)],
    ["month_spend", money(s.spend)],
    ["month_refunds", money(s.refunds)],
    ["month_commission", money(s.commission)],
  ];
  // Entries of a type the docs do not list: shown only when there are some.
  if (Number(s.other) !== 0) rows.push(["month_other", money(s.other)]);
  rows.push(["closing", money(s.closing)]);
  return (
    <>
      <h3>{monthName(s.month)}</h3>
      <p class="muted small">{t("month_days", { from: formatDate(s.from), to: formatDate(s.to), entries: s.entries })}</p>
      <table class="month-statement">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{t(label)}</th>
              <td class="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.entries === 0 ? (
        <p class="banner info">{t("month_empty")}</p>
      ) : (
        <p class={`banner ${s.balances ? "ok" : "error"}`} role={s.balances ? undefined : "alert"}>{t(s.balances ? "month_balances" : "month_off")}</p>
      )}
    </>
  );
}

function ShiftPart({ defaults, focusRun }: { defaults: ExportDefaults; focusRun: boolean }) {
  const api = usePlatform();
  const [day, setDay] = useState(() => todayGmt8());
  const { run, start } = useRun<ShiftReport>();
  const [printError, setPrintError] = useState<ErrorPayload | null>(null);
  const shown = run.kind === "done" ? run.report.day : null;

  // A payment settled in the background changes what is open and what to collect.
  usePaymentUpdates(() => {
    if (shown) void start(() => api.shiftReport(shown), true);
  });

  const print = () =>
    printView(api, "report").then(
      () => setPrintError(null),
      (err) => setPrintError(err as ErrorPayload),
    );

  return (
    <>
      <p class="muted">{t("shift_hint")}</p>
      <RunForm name="shift" busy={run.kind === "running"} focus={focusRun} onRun={() => void start(() => api.shiftReport(day))}>
        <DateField id="shift-day" label={t("shift_day")} value={day} onInput={setDay} />
      </RunForm>
      <Status run={run} busy="reports_loading" />
      {run.kind === "done" && (
        <>
          <Shift report={run.report} />
          <div class="row">
            <button type="button" onClick={() => void print()}>{t("shift_print")}</button>
          </div>
          <ErrorNote error={printError} />
          <ExportReport
            key={run.report.day}
            report="shift"
            suggestedName={`shift_${run.report.day}.xlsx`}
            defaults={defaults}
            write={(out, format, overwrite) => api.exportShift(run.report.day, out, format, overwrite)}
          />
          {/* Outside the screen, which the print stylesheet hides whole. */}
          {createPortal(<div class="report-print"><Shift report={run.report} print /></div>, document.body)}
        </>
      )}
    </>
  );
}

/** The end-of-shift report: on screen, and (`print`) the receipt-printer copy. */
function Shift({ report: r, print = false }: { report: ShiftReport; print?: boolean }) {
  const Heading = print ? "h1" : "h3";
  const Sub = print ? "h2" : "h4";
  const byProduct = (
    <table class="shift-products">
      <thead>
        <tr>
          <th scope="col">{t("product")}</th>
          <th scope="col">{t("status")}</th>
          <th scope="col" class="num">{t("count")}</th>
          <th scope="col" class="num">{t("summary_face_value")}</th>
        </tr>
      </thead>
      <tbody>
        {r.by_product.map((line) => (
          <tr key={`${line.product}:${line.state}`}>
            <td>{line.product_name || line.product}</td>
            <td>{t(`status_${line.state}`)}</td>
            <td class="num">{line.count}</td>
            <td class="num">{formatMoney(line.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div class="shift-report">
      <Heading>{t("shift_title", { counter: r.counter || t("shift_no_counter"), day: formatDate(r.day) })}</Heading>
      <p>{t("shift_payments", { count: r.payments })}</p>
      <p class="shift-collect">
        <span>{t("shift_to_collect")}</span> <strong class="report-total total-amount">{formatMoney(r.to_collect)}</strong>
        {!print && <span class="muted small"> {t("shift_to_collect_hint")}</span>}
      </p>
      <Sub>{t("shift_by_state")}</Sub>
      <table class="shift-states">
        <tbody>
          {r.by_state.map((s) => (
            <tr key={s.state}>
              <th scope="row">{print ? t(`status_${s.state}`) : <StatusBadge state={s.state} />}</th>
              <td class="num">{s.count}</td>
              <td class="num">{formatMoney(s.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Sub>{t("shift_by_product")}</Sub>
      {print ? byProduct : <Scrolling label={t("shift_by_product")}>{byProduct}</Scrolling>}
      <Sub>{r.open.length > 0 ? t("shift_open", { count: r.open.length }) : t("shift_open_none")}</Sub>
      {r.open.length > 0 && (
        <ul class="shift-open">
          {r.open.map((p) => (
            <li key={p.refid}>
              {formatDateTime(p.created_at)} {p.product_name || p.product} <span class="mono">{p.account}</span> {formatMoney(p.amount)}{" "}
              {print ? t(`status_${p.state}`) : <StatusBadge state={p.state} />} <span class="mono small">{p.refid}</span>
            </li>
          ))}
        </ul>
      )}
      {print && <p class="small">{t("shift_printed_at", { at: formatDateTime(new Date().toISOString()) })}</p>}
    </div>
  );
}
