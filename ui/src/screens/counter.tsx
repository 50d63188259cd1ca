import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t, type MessageKey } from "../i18n";
import { formatMoney, senToDecimal } from "../money";
import { formatDate } from "../dates";
import { checkAccount, checkAmount } from "../validation";
import { describeError } from "../errors";
import { choiceExtra, choiceTitle, mayTypeCode, moveCursor, quickAmounts, typedExtras } from "../choices";
import { currentBill, type CheckedBill } from "../bill";
import { rankProducts } from "../search";
import { recentProducts, rememberProduct } from "../store";
import { Submission } from "../payflow";
import { useAutoFocus } from "../focus";
import { useEscape } from "../escape";
import { ErrorNote } from "../components/error-note";
import { Confirm } from "../components/confirm";
import { NotPaid, Result } from "../components/result";
import { ChoicePicker } from "../components/choice-picker";
import { ExtraFields, extraInputId, extraLabel } from "../components/extra-fields";
import { AmountField } from "../components/amount-field";
import type { Order } from "../payflow";
import type { BillCheck, Choice, ErrorPayload, ExtraName, NetworkStatus, Payment, Product } from "../types";

type Step =
  | { kind: "entry" }
  | { kind: "confirm"; submission: Submission }
  | { kind: "result"; payment: Payment }
  // Refused before it was journalled; once journalled, a payment is always shown as one.
  | { kind: "not_paid"; error: ErrorPayload };

/** The form's fields, in the order the cashier fills them (and the first wrong one is focused). */
const FIELDS = ["product", "account", "subproduct_code", "biller_code", "ref2", "ic_number", "amount"] as const;
type FieldName = (typeof FIELDS)[number];
/** The UI's own instant hint, or the core's refusal naming the field. */
type FieldError = MessageKey | ErrorPayload;
type FieldErrors = Partial<Record<FieldName, FieldError>>;

const isFormField = (field: string | undefined): field is FieldName => FIELDS.some((f) => f === field);
const said = (error: FieldError | undefined) => (error === undefined ? null : typeof error === "string" ? t(error) : describeError(error));
/** A required value left blank, in the same facts the core would refuse it with. */
const required = (field: ExtraName): ErrorPayload => ({ kind: "invalid", field, problem: { code: "required" } });

/** A product's choices as listed for one account: a reply for another is never shown. */
interface Listed {
  product: string;
  account: string;
  choices: Choice[];
}

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
  const [cursor, setCursor] = useState(0);
  const [product, setProduct] = useState<Product | null>(null);
  const [account, setAccount] = useState("");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [listed, setListed] = useState<Listed | null>(null);
  const [choicesBusy, setChoicesBusy] = useState(false);
  const [choicesError, setChoicesError] = useState<ErrorPayload | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [extras, setExtras] = useState<Partial<Record<ExtraName, string>>>({});
  // The core refused a field at Pay: nothing was sent, and the form is back to fix it.
  const [refused, setRefused] = useState(false);
  const [checked, setChecked] = useState<CheckedBill | null>(null);
  const [billBusy, setBillBusy] = useState(false);
  const [billError, setBillError] = useState<ErrorPayload | null>(null);
  const [network, setNetwork] = useState<NetworkStatus | null>(null);
  const [step, setStep] = useState<Step>({ kind: "entry" });
  const accountRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const choiceRef = useRef<HTMLInputElement>(null);
  const searchRef = useAutoFocus<HTMLInputElement>();

  const bill = currentBill(checked, product, account);
  const chosenExtra = product ? choiceExtra(product) : null;
  const askedExtras = product ? typedExtras(product) : [];
  const typedAccount = product ? checkAccount(product, account) : null;
  const choices =
    listed && product && listed.product === product.code && typedAccount?.ok && typedAccount.value === listed.account ? listed.choices : null;
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
  const at = Math.max(0, Math.min(cursor, matches.length - 1));

  /** Focus to a field once it is rendered: a field named by the core's refusal, or the next to fill. */
  const focusField = (field: FieldName) =>
    requestAnimationFrame(() => {
      const target =
        field === "product" ? searchRef.current
        : field === "account" ? accountRef.current
        : field === "amount" ? amountRef.current
        : field === chosenExtra ? choiceRef.current
        : document.getElementById(extraInputId(field));
      target?.focus();
    });

  const pick = (p: Product) => {
    setProduct(p);
    setBillError(null);
    setNetwork(null);
    setAmount("");
    setErrors({});
    setRefused(false);
    setListed(null);
    setChoicesError(null);
    setChoice(null);
    setExtras({});
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

  /** The account's choices, asked for once per account; the list takes the focus. */
  const listChoices = async () => {
    if (!product?.choice_field || !typedAccount) return;
    if (!typedAccount.ok) {
      setErrors({ ...errors, account: typedAccount.error });
      return;
    }
    setErrors({ ...errors, account: undefined });
    focusField(chosenExtra ?? "account");
    if (choices) return;
    setChoicesBusy(true);
    setChoicesError(null);
    try {
      const list = await api.options(product.code, product.choice_field, typedAccount.value);
      setListed({ product: product.code, account: typedAccount.value, choices: list });
    } catch (err) {
      const error = err as ErrorPayload;
      if (error.kind === "invalid" && error.field === "account") {
        setErrors((e) => ({ ...e, account: error }));
        focusField("account");
      } else setChoicesError(error);
    } finally {
      setChoicesBusy(false);
    }
  };

  /** The field after `field` that the cashier types into, down to the amount. */
  const after = (field: FieldName): FieldName => {
    const rest = askedExtras.map((e) => e.name);
    const from = field === chosenExtra ? 0 : rest.indexOf(field as ExtraName) + 1;
    return rest[from] ?? "amount";
  };

  const pickChoice = (c: Choice) => {
    setChoice(c);
    if (chosenExtra) setErrors({ ...errors, [chosenExtra]: undefined, amount: undefined });
    focusField(chosenExtra ? after(chosenExtra) : "amount");
  };

  const next = () => {
    if (!product) return setErrors({ product: "err_product_required" });
    setRefused(false);
    const acc = checkAccount(product, account);
    // A priced plan's price is the amount paid.
    const amt = checkAmount(product, choice?.price ?? amount);
    const found: FieldErrors = { account: acc.ok ? undefined : acc.error, amount: amt.ok ? undefined : amt.error };
    if (chosenExtra && !choice) found[chosenExtra] = required(chosenExtra);
    for (const { name, required: needed } of askedExtras) {
      if (needed && !extras[name]?.trim()) found[name] = required(name);
    }
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) return focusField(first);
    if (!acc.ok || !amt.ok || (bill && !bill.may_pay) || readOnly) return;
    const order: Order = { product: product.code, productName: product.name, account: acc.value, amount: senToDecimal(amt.value) };
    const sent: Partial<Record<ExtraName, string>> = {};
    const readBack: NonNullable<Order["readBack"]> = [];
    if (bill?.customer_name) readBack.push({ label: "customer", value: bill.customer_name });
    if (chosenExtra && choice) {
      sent[chosenExtra] = choice.code;
      readBack.push({ label: choiceTitle(product), value: choice.label === choice.code ? choice.code : `${choice.label} (${choice.code})` });
    }
    for (const { name } of askedExtras) {
      const value = extras[name];
      if (!value?.trim()) continue;
      sent[name] = value;
      readBack.push({ label: extraLabel(name), value });
    }
    if (Object.keys(sent).length > 0) order.extras = sent;
    if (readBack.length > 0) order.readBack = readBack;
    setStep({ kind: "confirm", submission: new Submission(order, api.pay) });
  };

  /** The core refused before sending: a field of this form goes back to it, anything else is shown as not paid. */
  const onRefused = (error: ErrorPayload) => {
    if (error.kind !== "invalid" || !isFormField(error.field)) return setStep({ kind: "not_paid", error });
    const field = error.field;
    setStep({ kind: "entry" });
    setRefused(true);
    setErrors({ [field]: error });
    focusField(field);
  };

  const newSale = () => {
    setStep({ kind: "entry" });
    setProduct(null);
    setQuery("");
    setCursor(0);
    setAccount("");
    setAmount("");
    setChecked(null);
    setNetwork(null);
    setErrors({});
    setRefused(false);
    setListed(null);
    setChoice(null);
    setExtras({});
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
        onRefused={onRefused}
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
          aria-controls="product-list"
          aria-activedescendant={matches[at] ? `product-option-${at}` : undefined}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setCursor(0);
          }}
          onKeyDown={(e) => {
            const moved = moveCursor(at, matches.length, e.key);
            if (moved !== null) {
              e.preventDefault();
              setCursor(moved);
            } else if (e.key === "Enter" && matches[at]) {
              e.preventDefault();
              pick(matches[at]);
            }
          }}
          aria-describedby={errors.product ? "product-error" : "product-keys"}
        />
        {errors.product && <p id="product-error" class="field-error">{said(errors.product)}</p>}
        <p id="product-keys" class="hint">{t("list_keys")}</p>
        <ul id="product-list" class="product-list" role="listbox" aria-label={t("product")}>
          {matches.map((p, i) => (
            <li key={p.code} id={`product-option-${i}`} role="option" aria-selected={i === at} class={product?.code === p.code ? "picked" : undefined}>
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
            {refused && <p class="banner error" role="alert">{t("not_paid")}</p>}
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
                    // Plans are per number: another account, another list.
                    setChoice(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key !== "Enter") return;
                    e.preventDefault();
                    // A product with choices lists them next; its bill check stays on its button.
                    if (product.choice_field) void listChoices();
                    else if (product.bill_check && !bill) void runBillCheck();
                    else amountRef.current?.focus();
                  }}
                />
                {product.bill_check && (
                  <button type="button" onClick={runBillCheck} disabled={billBusy}>
                    {billBusy ? t("bill_checking") : t("bill_check")}
                  </button>
                )}
              </div>
              {errors.account && <p id="account-error" class="field-error">{said(errors.account)}</p>}
            </div>
            <BillInfo bill={bill} error={billError} />
            {product.choice_field && (
              <ChoicePicker
                title={t(choiceTitle(product))}
                choices={choices}
                loading={choicesBusy}
                picked={choice}
                mayTypeCode={mayTypeCode(chosenExtra)}
                error={said(chosenExtra ? errors[chosenExtra] : undefined) ?? (choicesError && describeError(choicesError))}
                inputRef={choiceRef}
                onPick={pickChoice}
              />
            )}
            <ExtraFields
              fields={askedExtras}
              values={extras}
              errors={Object.fromEntries(askedExtras.map(({ name }) => [name, said(errors[name]) ?? undefined]))}
              onChange={(name, value) => setExtras({ ...extras, [name]: value })}
              onEnter={(name) => focusField(after(name))}
            />
            <AmountField
              amount={amount}
              denominations={product.denominations}
              quick={quickAmounts(product, bill)}
              fixed={choice?.price ?? null}
              error={said(errors.amount)}
              inputRef={amountRef}
              onChange={(value) => setAmount(value)}
            />
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
