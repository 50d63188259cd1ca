import { useCallback, useEffect, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { todayGmt8 } from "../dates";
import { formatMoney } from "../money";
import { ErrorNote } from "../components/error-note";
import { PaymentTable } from "../components/payment-table";
import { usePaymentUpdates } from "../updates";
import { StatusBadge } from "../components/status";
import type { DayTotals, ErrorPayload, Payment, PaymentState } from "../types";

const STATUSES: PaymentState[] = ["succeeded", "pending", "unknown", "failed", "refunded", "sending", "not_sent"];

export function History({ onPrint }: { onPrint: (p: Payment) => void }) {
  const api = usePlatform();
  const [status, setStatus] = useState<PaymentState | "">("");
  const [account, setAccount] = useState("");
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [totals, setTotals] = useState<DayTotals | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  const load = useCallback(async () => {
    const day = todayGmt8();
    try {
      const [list, sums] = await Promise.all([
        api.history({ day, state: status || undefined, account: account.trim() || undefined }),
        api.dayTotals(day),
      ]);
      setPayments(list);
      setTotals(sums);
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  }, [status, account]);

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
          <label for="history-status">{t("filter_status")}</label>
          <select id="history-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as PaymentState | "")}>
            <option value="">{t("all_statuses")}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`status_${s}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="history-account">{t("filter_account")}</label>
          <input id="history-account" autoComplete="off" value={account} onInput={(e) => setAccount(e.currentTarget.value)} />
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
    </section>
  );
}
