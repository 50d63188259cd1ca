import { t } from "../i18n";
import { formatDateTime } from "../dates";
import { formatMoney } from "../money";
import type { Payment, Settings } from "../types";

/**
 * The receipt: a preview on the result screen, and the receipt-sized print view
 * (styles.css prints only the latter).
 */
export function Receipt({ payment, settings, preview = false }: { payment: Payment; settings: Settings; preview?: boolean }) {
  return (
    <section class={`receipt ${preview ? "receipt-preview" : "receipt-print"}`} aria-label={t("print_receipt")}>
      <h1>{settings.outlet_name || t("app_name")}</h1>
      {/* Lines have no id and may repeat (two blank ones); their place is what tells them apart. */}
      {settings.receipt_header.map((line, i) => <p key={i} class="receipt-header">{line}</p>)}
      <dl>
        <dt>{t("date")}</dt><dd>{formatDateTime(payment.updated_at)} (GMT+8)</dd>
        <dt>{t("refid")}</dt><dd>{payment.refid}</dd>
        <dt>{t("product")}</dt><dd>{payment.product_name || payment.product}</dd>
        <dt>{t("account")}</dt><dd>{payment.account}</dd>
        <dt>{t("total")}</dt><dd class="receipt-amount">{formatMoney(payment.amount)}</dd>
        <dt>{t("status")}</dt><dd>{t(`status_${payment.state}`)}</dd>
        {payment.sn && <><dt>{t("serial")}</dt><dd>{payment.sn}</dd></>}
        {payment.pin && <><dt>{t("pin")}</dt><dd class="receipt-pin">{payment.pin}</dd></>}
        {payment.voucherlink && <><dt>{t("voucher_link")}</dt><dd>{payment.voucherlink}</dd></>}
      </dl>
      {payment.note && <p>{payment.note}</p>}
      <p class="receipt-thanks">{t("receipt_thanks")}</p>
    </section>
  );
}
