import { t } from "../i18n";
import { formatDateTime } from "../dates";
import { formatMoney } from "../money";
import { isFinal } from "../payflow";
import { StatusBadge } from "./status";
import type { Payment } from "../types";

interface Props {
  payments: Payment[];
  onRecheck?: (refid: string) => void;
  onPrint: (p: Payment) => void;
}

/** Journalled payments, shared by History and the "was this customer charged?" lookup. */
export function PaymentTable({ payments, onRecheck, onPrint }: Props) {
  if (payments.length === 0) return <p class="muted">{t("no_payments")}</p>;
  return (
    <table class="payments">
      <thead>
        <tr>
          <th scope="col">{t("time")}</th>
          <th scope="col">{t("product")}</th>
          <th scope="col">{t("account")}</th>
          <th scope="col" class="num">{t("amount")}</th>
          <th scope="col">{t("status")}</th>
          <th scope="col">{t("refid")}</th>
          <th scope="col"><span class="sr-only">{t("reprint")}</span></th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.refid}>
            <td>{formatDateTime(p.created_at)}</td>
            <td>{p.product_name || p.product}</td>
            <td class="mono">{p.account}</td>
            <td class="num">{formatMoney(p.amount)}</td>
            <td><StatusBadge state={p.state} /></td>
            <td class="mono small">{p.refid}</td>
            <td class="row-actions">
              {onRecheck && !isFinal(p) && (
                <button type="button" onClick={() => onRecheck(p.refid)}>{t("recheck")}</button>
              )}
              <button type="button" onClick={() => onPrint(p)}>{t("reprint")}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
