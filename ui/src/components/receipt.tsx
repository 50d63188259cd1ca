import { t, type MessageKey } from "../i18n";
import type { Receipt as ReceiptModel, ReceiptField } from "../types";

// The core lays the receipt out (the CLI prints the same one); the labels are ours.
const LABELS: Record<ReceiptField, MessageKey> = {
  date: "date",
  refid: "refid",
  product: "product",
  account: "account",
  amount: "total",
  serial: "serial",
  pin: "pin",
  expiry: "expiry",
  voucher_link: "voucher_link",
  note: "note",
};

/**
 * The receipt: a preview on the result screen, and the receipt-sized print view
 * (styles.css prints only the latter).
 */
export function Receipt({ receipt, preview = false }: { receipt: ReceiptModel; preview?: boolean }) {
  const [name, ...header] = receipt.heading;
  return (
    <section class={`receipt ${preview ? "receipt-preview" : "receipt-print"}`} aria-label={t("print_receipt")}>
      <h1>{name ?? t("app_name")}</h1>
      {/* Lines have no id and may repeat; their place is what tells them apart. */}
      {header.map((line, i) => <p key={i} class="receipt-header">{line}</p>)}
      <dl>
        {receipt.lines.map((line) => (
          <ReceiptRow key={line.field} field={line.field} value={line.value} />
        ))}
        <dt>{t("status")}</dt><dd>{t(`status_${receipt.state}`)}</dd>
        {receipt.pin_not_kept && <><dt>{t("pin")}</dt><dd>{t("voucher_not_stored_short")}</dd></>}
      </dl>
      <p class="receipt-tz">{t("receipt_timezone")}</p>
      <p class="receipt-thanks">{t("receipt_thanks")}</p>
    </section>
  );
}

function ReceiptRow({ field, value }: { field: ReceiptField; value: string }) {
  const classes: Partial<Record<ReceiptField, string>> = { amount: "receipt-amount", pin: "receipt-pin" };
  return <><dt>{t(LABELS[field])}</dt><dd class={classes[field]}>{value}</dd></>;
}
