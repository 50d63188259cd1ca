import { useLayoutEffect, useRef } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import type { Receipt as ReceiptModel, ReceiptField, ReceiptWidth } from "../types";

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

/** The page's margin on every side, in millimetres; styles.css keeps the receipt within it. */
export const PAGE_MARGIN_MM = 4;
const MM_PER_PX = 25.4 / 96;
/** When the receipt could not be measured: long enough that it never splits across pages. */
const UNMEASURED_PAGE_MM = 297;

/**
 * The print page for a receipt `heightPx` CSS pixels tall on `width` paper. A roll has
 * no page length, and `size` takes no `auto` beside a width, so the page is as long as
 * the receipt: the printer feeds no blank paper and never cuts it in two.
 */
export function pageRule(width: ReceiptWidth, heightPx: number): string {
  const length = heightPx > 0 ? Math.ceil(heightPx * MM_PER_PX) + 2 * PAGE_MARGIN_MM : UNMEASURED_PAGE_MM;
  return `@page { size: ${width} ${length}mm; margin: ${PAGE_MARGIN_MM}mm; }`;
}

/**
 * The receipt: a preview on the result screen, and the receipt-sized print view
 * (styles.css prints only the latter, at the paper's width).
 */
export function Receipt({ receipt, preview = false }: { receipt: ReceiptModel; preview?: boolean }) {
  const [name, ...header] = receipt.heading;
  const section = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    if (preview || !section.current) return;
    // The print view is laid out off-screen at its print size, so its height is known
    // before the dialog opens. A constructed sheet, since the CSP refuses inline styles.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(pageRule(receipt.width, section.current.getBoundingClientRect().height));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [receipt, preview]);
  return (
    <section
      ref={section}
      class={`receipt ${preview ? "receipt-preview" : "receipt-print"}`}
      data-width={receipt.width}
      aria-label={t("print_receipt")}
    >
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
