import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "../platform";
import { t, type MessageKey } from "../i18n";
import { formatMoney, senToDecimal } from "../money";
import { formatDate } from "../dates";
import { checkAccount, checkAmount } from "../validation";
import { currentBill, type CheckedBill } from "../bill";
import { rankProducts } from "../search";
import { recentProducts, rememberProduct } from "../store";
import { Submission, isFinal, settle } from "../payflow";
import { useAutoFocus } from "../focus";
import { ErrorNote } from "../components/error-note";
import { StatusBadge } from "../components/status";
import type { BillCheck, ErrorPayload, NetworkStatus, Payment, Product, Settings } from "../types";
import { Receipt } from "../components/receipt";

type Step =
  | { kind: "entry" }
  | { kind: "confirm"; submission: Submission }
  | { kind: "result"; payment: Payment | null; error: ErrorPayload | null };

interface Props {
  settings: Settings;
  readOnly: boolean;
  onPaid: () => void;
  onPrint: (p: Payment) => void;
}

export function Counter({ settings, readOnly, onPaid, onPrint }: Props) {
  const [products, setProducts] = useState<Product[]>([]);
  const [loadError, setLoadError] = useState<ErrorPayload | null>(null);
  const [query, setQuery] = useState("");
  const [product, setProduct] = useState<Product | null>(null);
  const [account, setAccount] = useState("");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<{ product?: MessageKey; account?: MessageKey; amount?: MessageKey }>({});
  const [checked, setChecked] = useState<CheckedBill | null>(null);
  const [billBusy, setBillBusy] = useState(false);
  const [billError, setBillError] = useState<ErrorPayload | null>(null);
  const [network, setNetwork] = useState<NetworkStatus | null>(null);
  const [step, setStep] = useState<Step>({ kind: "entry" });
  const accountRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const searchRef = useAutoFocus<HTMLInputElement>();

  const bill = currentBill(checked, product, account);
  const networkWarning = network !== null && product !== null && network.warning && network.product_code.toUpperCase() === product.code.toUpperCase();

  useEffect(() => {
    api.products().then(setProducts, (err) => setLoadError(err as ErrorPayload));
  }, []);

  const matches = useMemo(() => rankProducts(products, query, recentProducts()).slice(0, 12), [products, query]);

  const pick = (p: Product) => {
    setProduct(p);
    setBillError(null);
    setNetwork(null);
    setAmount("");
    setErrors({});
    // In the background: an interruption warns, it never blocks.
    api.networkStatus(p.code).then(setNetwork, () => setNetwork(null));
    requestAnimationFrame(() => accountRef.current?.focus());
  };

  const runBillCheck = async () => {
    if (!product) return;
    const acc = checkAccount(product, account);
    if (!acc.ok) return setErrors({ ...errors, account: acc.error });
    setBillBusy(true);
    setBillError(null);
    try {
      const result = await api.billCheck(product.code, acc.value);
      setChecked({ product: product.code, account: acc.value, result });
    } catch (err) {
      // A failed check is not a refusal: the cashier may still pay.
      setBillError(err as ErrorPayload);
    } finally {
      setBillBusy(false);
    }
  };

  const next = () => {
    if (!product) return setErrors({ product: "err_product_required" });
    const acc = checkAccount(product, account);
    const amt = checkAmount(product, amount);
    setErrors({ account: acc.ok ? undefined : acc.error, amount: amt.ok ? undefined : amt.error });
    if (!acc.ok) return accountRef.current?.focus();
    if (!amt.ok) return amountRef.current?.focus();
    if ((bill && !bill.may_pay) || readOnly) return;
    const order = { product: product.code, productName: product.name, account: acc.value, amount: senToDecimal(amt.value) };
    setStep({ kind: "confirm", submission: new Submission(order, api.pay) });
  };

  const newSale = () => {
    setStep({ kind: "entry" });
    setProduct(null);
    setQuery("");
    setAccount("");
    setAmount("");
    setChecked(null);
    setNetwork(null);
    requestAnimationFrame(() => searchRef.current?.focus());
  };

  // Esc on the entry form starts over from the product search.
  useEffect(() => {
    if (step.kind !== "entry") return;
    const onKey = (e: KeyboardEvent) => {
      // The lookup dialog's own Esc closes the dialog, not the sale behind it.
      if (e.key === "Escape" && product && !(e.target as Element).closest("dialog")) newSale();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (step.kind === "confirm") {
    return (
      <Confirm
        submission={step.submission}
        onBack={() => setStep({ kind: "entry" })}
        onDone={(payment, error) => {
          if (payment) rememberProduct(payment.product);
          setStep({ kind: "result", payment, error });
          onPaid();
        }}
      />
    );
  }
  if (step.kind === "result") {
    return <Result initial={step.payment} error={step.error} settings={settings} onNewSale={newSale} onPrint={onPrint} onPaid={onPaid} />;
  }

  const accountBlocked = bill ? !bill.may_pay : false;
  return (
    <>
    <ErrorNote error={loadError} />
    <form
      class="counter"
      onSubmit={(e) => {
        e.preventDefault();
        next();
      }}
    >
      <section class="panel products" aria-labelledby="product-label">
        <label id="product-label" for="product-search">{t("product_search")}</label>
        <input
          id="product-search"
          ref={searchRef}
          type="search"
          autoComplete="off"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && matches[0]) {
              e.preventDefault();
              pick(matches[0]);
            }
          }}
          aria-describedby={errors.product ? "product-error" : undefined}
        />
        {errors.product && <p id="product-error" class="field-error">{t(errors.product)}</p>}
        <ul class="product-list" role="listbox" aria-label={t("product")}>
          {matches.map((p) => (
            <li role="option" aria-selected={product?.code === p.code}>
              <button type="button" class="product-button" onClick={() => pick(p)}>
                <span class="product-code">{p.code}</span> {p.name}
              </button>
            </li>
          ))}
          {matches.length === 0 && products.length > 0 && <li class="muted">{t("product_none")}</li>}
        </ul>
      </section>

      <section class="panel sale" aria-live="polite">
        {product ? (
          <>
            <h2 class="sale-product">
              <span class="product-code">{product.code}</span> {product.name}
            </h2>
            <div class="banner-slot">
              {networkWarning && <p class="banner warn" role="status">{t("network_interruption")}</p>}
            </div>
            <div class="field">
              <label for="account">{product.account_label || t("account")}</label>
              <div class="row">
                <input
                  id="account"
                  ref={accountRef}
                  inputMode={product.account_type === "phone_number" || product.account_type === "numeric" ? "numeric" : "text"}
                  autoComplete="off"
                  value={account}
                  aria-invalid={errors.account ? true : undefined}
                  aria-describedby={errors.account ? "account-error" : undefined}
                  onInput={(e) => {
                    setAccount(e.currentTarget.value);
                    setBillError(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key !== "Enter") return;
                    e.preventDefault();
                    if (product.bill_check && !bill) void runBillCheck();
                    else amountRef.current?.focus();
                  }}
                />
                {product.bill_check && (
                  <button type="button" onClick={runBillCheck} disabled={billBusy}>
                    {billBusy ? t("bill_checking") : t("bill_check")}
                  </button>
                )}
              </div>
              {errors.account && <p id="account-error" class="field-error">{t(errors.account)}</p>}
            </div>
            <BillInfo bill={bill} error={billError} />
            <div class="field">
              <label for="amount">{t("amount")}</label>
              {product.denominations.length > 0 && (
                <div class="denominations" role="group" aria-label={t("amount")}>
                  {product.denominations.map((d) => (
                    <button
                      type="button"
                      class={`denomination${product.common_denominations.includes(d) ? " common" : ""}`}
                      aria-pressed={amount === d}
                      onClick={() => {
                        setAmount(d);
                        amountRef.current?.focus();
                      }}
                    >
                      {formatMoney(d)}
                    </button>
                  ))}
                </div>
              )}
              <input
                id="amount"
                ref={amountRef}
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                aria-invalid={errors.amount ? true : undefined}
                aria-describedby={errors.amount ? "amount-error" : undefined}
                onInput={(e) => setAmount(e.currentTarget.value)}
              />
              {errors.amount && <p id="amount-error" class="field-error">{t(errors.amount)}</p>}
            </div>
            {readOnly && <p class="banner error">{t("read_only")}</p>}
            <div class="actions">
              <button type="submit" class="primary" disabled={accountBlocked || readOnly}>
                {t("next")} <kbd>Enter</kbd>
              </button>
            </div>
          </>
        ) : (
          <p class="muted placeholder">{t("err_product_required")}</p>
        )}
      </section>
    </form>
    </>
  );
}

function BillInfo({ bill, error }: { bill: BillCheck | null; error: ErrorPayload | null }) {
  if (error) return <ErrorNote error={error} />;
  if (!bill) return null;
  if (!bill.may_pay) return <p class="banner error" role="alert">{bill.refusal}</p>;
  const rows: [MessageKey, string | undefined][] = [
    ["biller", bill.biller_name],
    ["customer", bill.customer_name],
    ["outstanding", bill.outstanding && formatMoney(bill.outstanding)],
    ["due_date", bill.due_date && formatDate(bill.due_date)],
  ];
  const shown = rows.filter(([, v]) => v);
  return (
    <>
      {shown.length > 0 && (
        <dl class="bill">
          {shown.map(([k, v]) => (
            <>
              <dt>{t(k)}</dt>
              <dd>{v}</dd>
            </>
          ))}
        </dl>
      )}
      {bill.likely_refused && (
        <p class="banner warn" role="status">
          {t("likely_refused")}
          {bill.transaction_message ? `: ${bill.transaction_message}` : ""}
        </p>
      )}
    </>
  );
}

function Confirm({ submission: first, onBack, onDone }: {
  submission: Submission;
  onBack: () => void;
  onDone: (p: Payment | null, e: ErrorPayload | null) => void;
}) {
  const [submission, setSubmission] = useState(first);
  const [sending, setSending] = useState(false);
  const [duplicate, setDuplicate] = useState<ErrorPayload | null>(null);
  const payRef = useAutoFocus<HTMLButtonElement>();
  const order = submission.order;

  const pay = async () => {
    setSending(true);
    try {
      onDone(await submission.submit(), null);
    } catch (err) {
      const error = err as ErrorPayload;
      // Nothing was sent: the core asks first when this looks like a repeat.
      if (error.kind === "duplicate") {
        setDuplicate(error);
        setSending(false);
        setSubmission(new Submission(order, api.pay, true));
      } else onDone(null, error);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !sending) onBack();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [sending, onBack]);

  return (
    <section class="panel confirm" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t("confirm_title")}</h2>
      <dl class="confirm-details">
        <dt>{t("product")}</dt><dd>{order.productName} <span class="product-code">{order.product}</span></dd>
        <dt>{t("account")}</dt><dd>{order.account}</dd>
        <dt>{t("total")}</dt><dd class="confirm-amount">{formatMoney(order.amount)}</dd>
      </dl>
      {duplicate ? <p class="banner warn" role="alert">{duplicate.message}</p> : <p class="muted">{t("confirm_hint")}</p>}
      <div class="actions">
        <button type="button" onClick={onBack} disabled={sending}>
          <kbd>Esc</kbd> {t("back")}
        </button>
        <button type="button" class="primary pay" ref={payRef} onClick={pay} aria-disabled={sending}>
          {sending ? t("paying") : duplicate ? t("pay_again") : t("pay")} <kbd>Enter</kbd>
        </button>
      </div>
    </section>
  );
}

function Result({ initial, error, settings, onNewSale, onPrint, onPaid }: {
  initial: Payment | null;
  error: ErrorPayload | null;
  settings: Settings;
  onNewSale: () => void;
  onPrint: (p: Payment) => void;
  onPaid: () => void;
}) {
  const [payment, setPayment] = useState(initial);
  const newSaleRef = useAutoFocus<HTMLButtonElement>();

  useEffect(() => {
    if (!initial || isFinal(initial)) return;
    const abort = new AbortController();
    void settle(initial, api.paymentStatus, setPayment, abort.signal).then((p) => isFinal(p) && onPaid());
    return () => abort.abort();
  }, [initial, onPaid]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onNewSale();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onNewSale]);

  return (
    <div class="result-layout">
    <section class="panel result" aria-labelledby="result-title" aria-live="polite">
      <h2 id="result-title">{t("result_title")}</h2>
      <ErrorNote error={error} />
      {payment && (
        <>
          <p class="result-status"><StatusBadge state={payment.state} /></p>
          {!isFinal(payment) && <p class="muted">{t("still_pending")}</p>}
          <dl class="confirm-details">
            <dt>{t("product")}</dt><dd>{payment.product_name || payment.product}</dd>
            <dt>{t("account")}</dt><dd>{payment.account}</dd>
            <dt>{t("total")}</dt><dd class="confirm-amount">{formatMoney(payment.amount)}</dd>
            <dt>{t("refid")}</dt><dd class="mono">{payment.refid}</dd>
            {payment.reason && <><dt>{t("reason")}</dt><dd>{payment.reason}</dd></>}
            {payment.sn && <><dt>{t("serial")}</dt><dd class="mono">{payment.sn}</dd></>}
            {payment.pin && <><dt>{t("pin")}</dt><dd class="mono big">{payment.pin}</dd></>}
            {payment.voucherlink && <><dt>{t("voucher_link")}</dt><dd class="mono">{payment.voucherlink}</dd></>}
          </dl>
          {payment.note && <p>{payment.note}</p>}
        </>
      )}
      <div class="actions">
        {payment && (
          <button type="button" onClick={() => onPrint(payment)}>
            {t("print_receipt")}
          </button>
        )}
        <button type="button" class="primary" ref={newSaleRef} onClick={onNewSale}>
          {t("new_sale")} <kbd>Enter</kbd>
        </button>
      </div>
    </section>
    {payment && <Receipt payment={payment} settings={settings} preview />}
    </div>
  );
}
