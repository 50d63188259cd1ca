import { useCallback, useEffect, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { todayGmt8 } from "../dates";
import { formatMoney } from "../money";
import { ErrorNote } from "../components/error-note";
import { PaymentTable } from "../components/payment-table";
import { SaveFile } from "../components/save-file";
import { usePaymentUpdates } from "../updates";
import { StatusBadge } from "../components/status";
import type { ExportDefaults } from "../bindings/ExportDefaults";
import type { DayTotals, ErrorPayload, HistoryQuery, Payment, PaymentState } from "../types";

const STATUSES: PaymentState[] = ["succeeded", "pending", "unknown", "failed", "refunded", "sending", "not_sent"];

/**
 * This counter's journal over a range of days (today at first), searched by account,
 * reference or serial number, and saved to a workbook. A single day shows its totals.
 */
export function History({ defaults, onPrint }: { defaults: ExportDefaults; onPrint: (p: Payment) => void }) {
  const api = usePlatform();
  const [from, setFrom] = useState(() => todayGmt8());
  const [to, setTo] = useState(() => todayGmt8());
  const [status, setStatus] = useState<PaymentState | "">("");
  const [search, setSearch] = useState("");
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [totals, setTotals] = useState<DayTotals | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  const query: HistoryQuery = { from, to, state: status || undefined, search: search.trim() || undefined };

  const load = useCallback(async () => {
    try {
      const [list, sums] = await Promise.all([
        api.history(query),
        // Totals are a day's: for a range, the list says it all.
        from === to ? api.dayTotals(from) : Promise.resolve(null),
      ]);
      setPayments(list);
      setTotals(sums);
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  }, [from, to, status, search]);

  useEffect(() => {
    void load();
  }, [load]);
  // A payment that moves (followed in the background, or re-checked) changes rows and totals.
  usePaymentUpdates(() => void load());

  const recheck = async (refid: string) => {
    try {
      await api.paymentStatus(refid);
    } catch (err) {
      setError(err as ErrorPayload);
    }
    void load();
  };

  return (
    <section class="panel history" aria-labelledby="history-title">
      <h2 id="history-title">{t("history_title")}</h2>
      <div class="filters row">
        <div class="field">
          <label for="history-from">{t("date_from")}</label>
          <input id="history-from" type="date" value={from} max={todayGmt8()} onInput={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="history-to">{t("date_to")}</label>
          <input id="history-to" type="date" value={to} max={todayGmt8()} onInput={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="history-status">{t("filter_status")}</label>
          <select id="history-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as PaymentState | "")}>
            <option value="">{t("all_statuses")}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`status_${s}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="history-search">{t("history_search")}</label>
          <input id="history-search" type="search" autoComplete="off" spellcheck={false} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
      </div>
      <ErrorNote error={error} />
      {totals && totals.by_state.length > 0 && (
        <table class="totals" aria-label={t("totals")}>
          <tbody>
            <tr>
              {totals.by_state.map((row) => (
                <td key={row.state}>
                  <StatusBadge state={row.state} /> <span class="muted">{t("count")}</span> {row.count}
                  <strong class="total-amount">{formatMoney(row.amount)}</strong>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      <div class="table-wrap">{payments && <PaymentTable payments={payments} onRecheck={recheck} onPrint={onPrint} />}</div>
      <SaveFile
        name="history"
        suggestedName={`payments_${from}_${to}.xlsx`}
        action="history_export"
        busy="history_exporting"
        hint="history_export_hint"
        write={(out, overwrite) => api.exportHistory(query, out, { bom: defaults.bom, crlf: defaults.crlf }, overwrite)}
      />
    </section>
  );
}
