import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { formatMoney } from "../money";
import { Submission, duplicateChoice, type DuplicateChoice } from "../payflow";
import { useDeliberateEnter } from "../focus";
import { useEscape } from "../escape";
import { usePaymentUpdates } from "../updates";
import { ErrorNote } from "./error-note";
import { StatusBadge } from "./status";
import type { ErrorPayload, Payment } from "../types";

interface Props {
  submission: Submission;
  onBack: () => void;
  /** The payment was journalled (whatever became of it), or the cashier opened an earlier one. */
  onPayment: (payment: Payment) => void;
  /** Refused before anything was journalled or sent. */
  onRefused: (error: ErrorPayload) => void;
}

/** The order read back in large type; only a deliberate Enter or click on Pay pays it. */
export function Confirm({ submission: first, onBack, onPayment, onRefused }: Props) {
  const api = usePlatform();
  const [submission, setSubmission] = useState(first);
  const [sending, setSending] = useState(false);
  const [duplicate, setDuplicate] = useState<DuplicateChoice | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  // A duplicate warning changes the step under the cashier: Enter must wait for it to be read.
  const { ref: primary, armed, onEnter } = useDeliberateEnter<HTMLButtonElement>([duplicate]);
  const order = submission.order;

  // Once sent, the payment is on its way: there is no going back to change it.
  useEscape(!sending && onBack);

  const showDuplicate = (choice: DuplicateChoice) => {
    setDuplicate(choice);
    // Paying again is a new submission, made only from the cashier's explicit choice.
    if (choice.kind === "may_pay_again") setSubmission(new Submission(order, api.pay, true));
  };

  // The earlier payment may settle while the cashier looks at it.
  usePaymentUpdates((p) => {
    if (duplicate?.refid === p.refid && duplicate.state !== p.state) showDuplicate(duplicateChoice(p));
  });

  const pay = async () => {
    // Every later press shares the first one's reply (Submission): it is shown once.
    if (submission.started) return;
    setSending(true);
    setError(null);
    try {
      onPayment(await submission.submit());
    } catch (err) {
      const refusal = err as ErrorPayload;
      setSending(false);
      // Nothing was journalled or sent: the core refused before it, naming the earlier payment.
      if (refusal.kind === "duplicate") showDuplicate(duplicateChoice(refusal));
      else onRefused(refusal);
    }
  };

  const recheck = async (refid: string) => {
    try {
      showDuplicate(duplicateChoice(await api.paymentStatus(refid)));
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  };

  const open = async (refid: string) => {
    try {
      // From this PC's journal: opening it sends nothing.
      const found = (await api.lookup(refid)).find((p) => p.refid === refid);
      if (found) onPayment(found);
    } catch (err) {
      setError(err as ErrorPayload);
    }
  };

  const earlierRefid = duplicate?.refid ?? null;
  const stateWord = duplicate?.state ? t(`status_${duplicate.state}`) : "?";
  return (
    <section class="panel confirm" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t("confirm_title")}</h2>
      <dl class="confirm-details">
        <dt>{t("product")}</dt><dd>{order.productName} <span class="product-code">{order.product}</span></dd>
        <dt>{t("account")}</dt><dd>{order.account}</dd>
        {order.readBack?.map(({ label, value }) => (
          <Fragment key={label}>
            <dt>{t(label)}</dt><dd class="confirm-readback">{value}</dd>
          </Fragment>
        ))}
        <dt>{t("total")}</dt><dd class="confirm-amount">{formatMoney(order.amount)}</dd>
      </dl>
      {duplicate ? (
        <div class={`banner ${duplicate.kind === "follow_open" ? "error" : "warn"} duplicate`} role="alert">
          <p>{t(duplicate.kind === "follow_open" ? "duplicate_open" : "duplicate_final", { state: stateWord, refid: earlierRefid ?? "—" })}</p>
          {duplicate.state && <StatusBadge state={duplicate.state} />} {earlierRefid && <span class="mono">{earlierRefid}</span>}
        </div>
      ) : (
        <p class="muted">{t("confirm_hint")}</p>
      )}
      <ErrorNote error={error} />
      <div class="actions">
        <button type="button" onClick={onBack} disabled={sending}>
          <kbd>Esc</kbd> {t("back")}
        </button>
        {duplicate?.kind === "follow_open" ? (
          earlierRefid && (
            <>
              <button type="button" class="recheck" onClick={() => void recheck(earlierRefid)}>{t("recheck")}</button>
              <button type="button" class="primary open-payment" ref={primary} onClick={() => void open(earlierRefid)}>
                {t("open_payment")} <kbd>Enter</kbd>
              </button>
            </>
          )
        ) : (
          <button
            type="button"
            class="primary pay"
            ref={primary}
            data-armed={armed}
            aria-disabled={sending}
            onKeyDown={onEnter(() => void pay())}
            onClick={() => void pay()}
          >
            {sending ? t("paying") : duplicate ? t("pay_again") : t("pay")} <kbd>Enter</kbd>
          </button>
        )}
      </div>
    </section>
  );
}
