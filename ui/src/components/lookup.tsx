import { useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t, type MessageKey } from "../i18n";
import { useAutoFocus } from "../focus";
import { useModalDialog } from "../escape";
import { formatDate, formatDateTime } from "../dates";
import { formatMoney } from "../money";
import { ErrorNote } from "./error-note";
import { PaymentHeadings, PaymentTable } from "./payment-table";
import { StatusBadge } from "./status";
import { usePaymentUpdates } from "../updates";
import type { ErrorPayload, FoundPayment, LookupReport, Payment, PaymentKey, ProblemReport } from "../types";

/** The payment a report is about, as the cashier picked it. */
type Reporting = { refid?: string; trxid?: string };

/**
 * "Was this customer charged?" over any screen: this counter's journal by account or
 * reference; when it has nothing, IIMMPACT's last days for the account (another counter's
 * sale). Every result says where it was found, can be re-checked, and a successful one
 * reported to IIMMPACT.
 */
export function Lookup({ onClose, onPrint }: { onClose: () => void; onPrint: (p: Payment) => void }) {
  const api = usePlatform();
  const dialog = useModalDialog(onClose);
  const queryRef = useAutoFocus<HTMLInputElement>();
  const [query, setQuery] = useState("");
  const [report, setReport] = useState<LookupReport | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [reporting, setReporting] = useState<Reporting | null>(null);

  const replace = (found: FoundPayment) =>
    setReport((r) => r && { ...r, found: r.found.map((f) => (sameKey(f, found) ? found : f)) });

  // An open payment found here may settle while the cashier is reading it out.
  usePaymentUpdates((p) =>
    setReport((r) => r && { ...r, found: r.found.map((f) => (f.payment?.refid === p.refid ? { ...f, state: p.state, payment: p } : f)) }),
  );

  const search = async () => {
    if (query.trim() === "") return;
    setReporting(null);
    try {
      setReport(await api.chargeLookup(query.trim()));
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  };

  const recheck = async (key: PaymentKey) => {
    try {
      replace(await api.lookupRecheck(key));
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  };

  const here = report?.found.filter((f) => f.payment) ?? [];
  const there = report?.found.filter((f) => !f.payment) ?? [];
  const range = { from: report ? formatDate(report.from) : "", to: report ? formatDate(report.to) : "" };

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
        {report && report.found.length === 0 && (
          <p class="muted">{report.asked_iimmpact ? t("lookup_none_anywhere", range) : t("lookup_none")}</p>
        )}
        {here.length > 0 && (
          <>
            <p class="lookup-source">{t("lookup_from_this_pc")}</p>
            <PaymentTable
              payments={here.map((f) => f.payment!)}
              onRecheck={(refid) => void recheck(here.find((f) => f.payment?.refid === refid)!)}
              onReport={(p) => setReporting({ refid: p.refid })}
              onPrint={onPrint}
            />
          </>
        )}
        {there.length > 0 && (
          <>
            <p class="lookup-source">{t("lookup_from_iimmpact", range)}</p>
            <FoundTable found={there} onRecheck={(key) => void recheck(key)} onReport={(f) => setReporting({ refid: f.refid, trxid: f.trxid })} />
          </>
        )}
      </div>
      {reporting && <ReportForm target={reporting} onDone={() => setReporting(null)} />}
    </dialog>
  );
}

const sameKey = (a: PaymentKey, b: PaymentKey) => a.source === b.source && a.refid === b.refid && a.trxid === b.trxid;

/** IIMMPACT's own records of the account: no PIN or receipt here, they are another counter's. */
function FoundTable({ found, onRecheck, onReport }: { found: FoundPayment[]; onRecheck: (key: PaymentKey) => void; onReport: (f: FoundPayment) => void }) {
  return (
    <table class="payments found">
      <thead>
        <tr>
          <PaymentHeadings />
          <th scope="col">{t("sold_at")}</th>
          <th scope="col">{t("source")}</th>
          <th scope="col"><span class="sr-only">{t("recheck")}</span></th>
        </tr>
      </thead>
      <tbody>
        {found.map((f) => (
          <tr key={`${f.trxid}-${f.refid}`}>
            <td>{f.at ? formatDateTime(f.at) : ""}</td>
            <td>{f.product_name || f.product}</td>
            <td class="mono">{f.account}</td>
            <td class="num">{formatMoney(f.amount)}</td>
            <td><StatusBadge state={f.state} /></td>
            <td class="mono small">
              {f.refid}
              {f.trxid && <div class="muted" title={t("trxid")}>{f.trxid}</div>}
            </td>
            <td>{f.counter ?? ""}</td>
            <td>{t(f.source === "iimmpact" ? "source_iimmpact" : "source_this_pc")}</td>
            <td class="row-actions">
              <button type="button" onClick={() => onRecheck(f)}>{t("recheck")}</button>
              {f.state === "succeeded" && <button type="button" onClick={() => onReport(f)}>{t("report_problem")}</button>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const OUTCOME: Record<ProblemReport["outcome"], MessageKey> = {
  received: "report_received",
  refused: "report_refused",
  unclear: "report_unclear",
};

/** The reason and the customer's e-mail, then IIMMPACT's answer in its own words. */
function ReportForm({ target, onDone }: { target: Reporting; onDone: () => void }) {
  const api = usePlatform();
  const reasonRef = useAutoFocus<HTMLTextAreaElement>();
  const [reason, setReason] = useState("");
  const [email, setEmail] = useState("");
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<ProblemReport | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const id = target.refid ?? target.trxid ?? "";

  const send = async () => {
    setSending(true);
    try {
      const emails = email.trim() ? [email.trim()] : [];
      setAnswer(await api.reportProblem({ refid: target.refid, trxid: target.trxid, reason, emails }));
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
    setSending(false);
  };

  return (
    <form
      class="report-problem"
      aria-labelledby="report-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3 id="report-title">{t("report_title", { id })}</h3>
      <p class="muted small">{t("report_explain")}</p>
      <div class="field">
        <label for="report-reason">{t("report_reason")}</label>
        <textarea id="report-reason" ref={reasonRef} rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="report-email">{t("report_email")}</label>
        <input id="report-email" type="email" autoComplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </div>
      <ErrorNote error={error} />
      {answer && (
        <p class={`banner ${answer.outcome === "received" ? "ok" : "warn"}`} aria-live="polite">
          {t(OUTCOME[answer.outcome], { id })} <span class="muted">{answer.message}</span>
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={onDone}>{t("close")}</button>
        {!answer && (
          <button type="submit" class="primary" disabled={sending}>{sending ? t("report_sending") : t("report_send")}</button>
        )}
      </div>
    </form>
  );
}
