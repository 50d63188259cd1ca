import { useEffect, useRef, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { formatMoney } from "../money";
import { failureReasonText } from "../labels";
import { describeError } from "../errors";
import { isFinal, supersedes } from "../payflow";
import { useAutoFocus } from "../focus";
import { useEscape } from "../escape";
import { usePaymentUpdates } from "../updates";
import { keepSecrets, lacksSecrets } from "../voucher";
import { ErrorNote } from "./error-note";
import { Receipt } from "./receipt";
import { StatusBadge } from "./status";
import type { ErrorPayload, Payment, Receipt as ReceiptModel } from "../types";

interface Props {
  payment: Payment;
  onNewSale: () => void;
  onPrint: (p: Payment) => void;
  /** The payment became final here: the wallet moved. */
  onSettled: () => void;
}

/**
 * A journalled payment, whatever became of it: its refid, state, PIN and the last
 * problem met, kept up to date while it is open (the core follows it in the background).
 */
export function Result({ payment: initial, onNewSale, onPrint, onSettled }: Props) {
  const api = usePlatform();
  const [payment, setPayment] = useState(initial);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const open = useRef(!isFinal(initial));

  const show = (next: Payment) => setPayment((shown) => (supersedes(next, shown) ? keepSecrets(next, shown) : shown));
  usePaymentUpdates(show);

  // A voucher that succeeds after the sale's reply (followed in the background) comes
  // back from the journal with its PIN sealed; this is the screen that hands it over.
  const sealed = lacksSecrets(payment);
  useEffect(() => {
    if (!sealed) return;
    api.revealVoucher(payment.refid).then(
      (revealed) => setPayment((shown) => keepSecrets(shown, revealed)),
      (err) => setError(err as ErrorPayload),
    );
  }, [payment.refid, sealed]);

  // The preview is the core's receipt, read again whenever the payment moves, so it
  // shows what will print (the CLI's `receipt` prints the same).
  const [receipt, setReceipt] = useState<ReceiptModel | null>(null);
  useEffect(() => {
    if (sealed) return;
    api.receipt(payment.refid).then(setReceipt, (err) => setError(err as ErrorPayload));
  }, [payment.refid, payment.state, payment.updated_at, sealed]);

  useEffect(() => {
    if (open.current && isFinal(payment)) {
      open.current = false;
      onSettled();
    }
  }, [payment, onSettled]);

  useEscape(onNewSale);

  const recheck = async () => {
    try {
      show(await api.paymentStatus(payment.refid));
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  };

  const final = isFinal(payment);
  return (
    <div class="result-layout">
      <section class="panel result" aria-labelledby="result-title" aria-live="polite">
        <h2 id="result-title">{t("result_title")}</h2>
        <p class="result-status"><StatusBadge state={payment.state} /></p>
        {!final && <p class="muted">{t("still_pending")}</p>}
        {payment.state === "not_sent" && <p class="banner info">{t("not_sent_note")}</p>}
        <dl class="confirm-details">
          <dt>{t("product")}</dt><dd>{payment.product_name || payment.product}</dd>
          <dt>{t("account")}</dt><dd>{payment.account}</dd>
          <dt>{t("total")}</dt><dd class="confirm-amount">{formatMoney(payment.amount)}</dd>
          <dt>{t("refid")}</dt><dd class="mono">{payment.refid}</dd>
          {payment.reason && <><dt>{t("reason")}</dt><dd>{failureReasonText(payment.reason)}</dd></>}
          {payment.sn && <><dt>{t("serial")}</dt><dd class="mono">{payment.sn}</dd></>}
          {payment.pin && <><dt>{t("pin")}</dt><dd class="mono big">{payment.pin}</dd></>}
          {payment.voucherlink && <><dt>{t("voucher_link")}</dt><dd class="mono">{payment.voucherlink}</dd></>}
        </dl>
        {payment.voucher_not_stored && (
          <p class="banner warn voucher-not-stored" role="alert">{t("voucher_not_stored")}</p>
        )}
        {payment.note && <p>{payment.note}</p>}
        {/* A problem on the way is a note beside the payment, never instead of it: in
            words when this call met it (its facts came along), else as the journal kept it. */}
        {(payment.refusal || payment.last_error) && payment.state !== "succeeded" && (
          <p class="banner warn last-error" role="status">
            <strong>{t("last_error")}:</strong> {payment.refusal ? describeError(payment.refusal) : payment.last_error}
          </p>
        )}
        <ErrorNote error={error} />
        <div class="actions">
          {!final && (
            <button type="button" class="recheck" onClick={() => void recheck()}>
              {t("recheck")}
            </button>
          )}
          <button type="button" onClick={() => onPrint(payment)}>
            {t("print_receipt")}
          </button>
          <NewSale onNewSale={onNewSale} />
        </div>
      </section>
      {receipt && <Receipt receipt={receipt} preview />}
    </div>
  );
}

/** Refused before anything was journalled: nothing left this PC. */
export function NotPaid({ error, onBack, onNewSale }: { error: ErrorPayload; onBack: () => void; onNewSale: () => void }) {
  useEscape(onBack);
  return (
    <section class="panel result" aria-labelledby="result-title">
      <h2 id="result-title">{t("result_title")}</h2>
      <ErrorNote error={error} />
      <p>{t("not_paid")}</p>
      <div class="actions">
        <button type="button" onClick={onBack}>
          <kbd>Esc</kbd> {t("back")}
        </button>
        <NewSale onNewSale={onNewSale} />
      </div>
    </section>
  );
}

/** The way on from a payment's outcome: it has the focus, so Enter starts the next sale. */
function NewSale({ onNewSale }: { onNewSale: () => void }) {
  const ref = useAutoFocus<HTMLButtonElement>();
  return (
    <button type="button" class="primary" ref={ref} onClick={onNewSale}>
      {t("new_sale")} <kbd>Enter</kbd>
    </button>
  );
}
