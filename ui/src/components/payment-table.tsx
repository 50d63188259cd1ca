import { useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { formatDateTime } from "../dates";
import { formatMoney } from "../money";
import { isFinal } from "../payflow";
import { ErrorNote } from "./error-note";
import { StatusBadge } from "./status";
import type { ErrorPayload, Payment } from "../types";

interface Props {
  payments: Payment[];
  onRecheck?: (refid: string) => void;
  /** Offered on a successful payment: report it to IIMMPACT. */
  onReport?: (p: Payment) => void;
  onPrint: (p: Payment) => void;
}

/** Journalled payments, shared by History and the "was this customer charged?" lookup. */
/** The columns every table of payments starts with, this PC's or IIMMPACT's. */
export function PaymentHeadings() {
  return (
    <>
      <th scope="col">{t("time")}</th>
      <th scope="col">{t("product")}</th>
      <th scope="col">{t("account")}</th>
      <th scope="col" class="num">{t("amount")}</th>
      <th scope="col">{t("status")}</th>
      <th scope="col">{t("refid")}</th>
    </>
  );
}

export function PaymentTable({ payments, onRecheck, onReport, onPrint }: Props) {
  const api = usePlatform();
  // The one voucher the cashier opened, kept apart from the rows: History reloads them
  // on every update, read back from the journal without the PIN.
  const [revealed, setRevealed] = useState<Payment | null>(null);
  const [revealError, setRevealError] = useState<ErrorPayload | null>(null);

  const reveal = async (refid: string) => {
    try {
      setRevealed(await api.revealVoucher(refid));
      setRevealError(null);
    } catch (err) {
      setRevealError(err as ErrorPayload);
    }
  };

  if (payments.length === 0) return <p class="muted">{t("no_payments")}</p>;
  return (
    <>
      <ErrorNote error={revealError} />
      <table class="payments">
        <thead>
          <tr>
            <PaymentHeadings />
            <th scope="col">{t("pin")}</th>
            <th scope="col"><span class="sr-only">{t("reprint")}</span></th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => {
            const open = revealed?.refid === p.refid ? revealed : null;
            return (
              <tr
                key={p.refid}
                // The PIN is shown only while the cashier is on its row: focus moving
                // anywhere outside it (another row, another window) hides it again.
                onFocusOut={open ? (e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setRevealed(null) : undefined}
              >
                <td>{formatDateTime(p.created_at)}</td>
                <td>{p.product_name || p.product}</td>
                <td class="mono">{p.account}</td>
                <td class="num">{formatMoney(p.amount)}</td>
                <td><StatusBadge state={p.state} /></td>
                <td class="mono small">{p.refid}</td>
                <td><VoucherCell payment={p} open={open} onShow={() => void reveal(p.refid)} onHide={() => setRevealed(null)} /></td>
                <td class="row-actions">
                  {onRecheck && !isFinal(p) && (
                    <button type="button" onClick={() => onRecheck(p.refid)}>{t("recheck")}</button>
                  )}
                  {onReport && p.state === "succeeded" && (
                    <button type="button" onClick={() => onReport(p)}>{t("report_problem")}</button>
                  )}
                  <button type="button" onClick={() => onPrint(p)}>{t("reprint")}</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

interface VoucherProps {
  payment: Payment;
  /** The payment as revealed, PIN and link in clear; null while masked. */
  open: Payment | null;
  onShow: () => void;
  onHide: () => void;
}

/** A voucher's PIN, masked until the cashier asks (the journal keeps it sealed). */
function VoucherCell({ payment, open, onShow, onHide }: VoucherProps) {
  if (!payment.has_pin && !payment.has_voucherlink) {
    return payment.voucher_not_stored ? <span class="muted small">{t("voucher_not_stored_short")}</span> : null;
  }
  return (
    <div class="voucher-secret">
      {open ? (
        <>
          {open.pin && <span class="mono voucher-pin">{open.pin}</span>}
          {open.voucherlink && <span class="mono small voucher-link">{open.voucherlink}</span>}
        </>
      ) : (
        <span class="mono voucher-masked">••••</span>
      )}
      <button type="button" class="show-pin" aria-pressed={open !== null} onClick={open ? onHide : onShow}>
        {t(open ? "hide_pin" : "show_pin")}
      </button>
    </div>
  );
}
