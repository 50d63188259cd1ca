import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t, type MessageKey } from "../i18n";
import { formatMoney, senToDecimal } from "../money";
import { formatDate } from "../dates";
import { checkAccount, checkAmount } from "../validation";
import { currentBill, type CheckedBill } from "../bill";
import { rankProducts } from "../search";
import { recentProducts, rememberProduct } from "../store";
import { Submission } from "../payflow";
import { useAutoFocus } from "../focus";
import { useEscape } from "../escape";
import { ErrorNote } from "../components/error-note";
import { Confirm } from "../components/confirm";
import { NotPaid, Result } from "../components/result";
import type { BillCheck, ErrorPayload, NetworkStatus, Payment, Product } from "../types";

type Step =
  | { kind: "entry" }
  | { kind: "confirm"; submission: Submission }
  | { kind: "result"; payment: Payment }
  // Refused before it was journalled; once journalled, a payment is always shown as one.
  | { kind: "not_paid"; error: ErrorPayload };

interface Props {
  /** No IP block is in force: requests may be sent. */
  online: boolean;
  readOnly: boolean;
  onPaid: () => void;
  onPrint: (p: Payment) => void;
}

export function Counter({ online, readOnly, onPaid, onPrint }: Props) {
  const api = usePlatform();
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

  // A list refused during an IP block is asked for again once the block is lifted.
  useEffect(() => {
    if (!online || products.length > 0) return;
    api.products().then(
      (list) => {
        setProducts(list);
        setLoadError(null);
      },
      (err) => setLoadError(err as ErrorPayload),
    );
  }, [online]);

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

  const backToEntry = () => {
    setStep({ kind: "entry" });
    requestAnimationFrame(() => amountRef.current?.focus());
  };

  // Esc on the entry form starts over from the product search; the later steps have their own.
  useEscape(step.kind === "entry" && product !== null && newSale);

  if (step.kind === "confirm") {
    return (
      <Confirm
        submission={step.submission}
        onBack={backToEntry}
        onPayment={(payment) => {
          rememberProduct(payment.product);
          setStep({ kind: "result", payment });
          onPaid();
        }}
        onRefused={(error) => setStep({ kind: "not_paid", error })}
      />
    );
  }
  if (step.kind === "result") {
    return <Result payment={step.payment} onNewSale={newSale} onPrint={onPrint} onSettled={onPaid} />;
  }
  if (step.kind === "not_paid") return <NotPaid error={step.error} onBack={backToEntry} onNewSale={newSale} />;

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
            <li key={p.code} role="option" aria-selected={product?.code === p.code}>
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
                      key={d}
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
            <Fragment key={k}>
              <dt>{t(k)}</dt>
              <dd>{v}</dd>
            </Fragment>
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
