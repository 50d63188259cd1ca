import { useEffect, useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { formatMoney } from "../money";
import { formatTimeOnDay } from "../dates";
import { useDeliberateEnter } from "../focus";
import { useModalDialog } from "../escape";
import { switchesToProduction } from "../supervisor";
import { ErrorNote } from "../components/error-note";
import { CopyDiagnostics } from "../components/copy-diagnostics";
import { SupervisorPanel, type Unlocked } from "./supervisor";
import type { AccountThreshold, Callback, CredentialStatus, Environment, ErrorPayload, Settings } from "../types";

const ENVIRONMENTS: Environment[] = ["demo", "staging", "production"];

/**
 * The most requests per second the core accepts (`MAX_REQUEST_RATE` in
 * crates/kaunter/src/settings.rs): one PC's share of IIMMPACT's per-IP limit, which
 * blocks the whole outlet's address for 240 minutes when broken.
 */
export const MAX_REQUEST_RATE = 9;
/** The longest counter name the core saves (`COUNTER_NAME_MAX` in crates/kaunter/src/settings.rs). */
export const COUNTER_NAME_MAX = 40;

/**
 * A failed guarded call: the unlock's end sends the supervisor back to the PIN prompt,
 * anything else is said where it happened.
 */
function refusedBy(unlocked: Unlocked, setError: (e: ErrorPayload | null) => void) {
  return (err: unknown) => {
    const error = err as ErrorPayload;
    if (error.kind === "supervisor_required") unlocked.onUnlockEnded();
    else setError(error);
  };
}

interface Props {
  settings: Settings;
  unlocked: Unlocked;
  onSaved: (s: Settings) => void;
  /** IIMMPACT's threshold changed: the header's warning follows it. */
  onThreshold: () => void;
}

export function SettingsScreen({ settings, unlocked, onSaved, onThreshold }: Props) {
  const api = usePlatform();
  const [draft, setDraft] = useState(settings);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [credentials, setCredentials] = useState<CredentialStatus[]>([]);
  const [askProduction, setAskProduction] = useState(false);

  useEffect(() => {
    api.credentialStatus().then(setCredentials, (err) => setError(err as ErrorPayload));
  }, []);

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };

  const save = async (productionConfirmed = false) => {
    if (!productionConfirmed && switchesToProduction(settings.environment, draft.environment)) {
      setAskProduction(true);
      return;
    }
    setAskProduction(false);
    setSaving(true);
    try {
      const stored = await api.saveSettings(draft);
      setDraft(stored);
      setSaved(true);
      setError(null);
      onSaved(stored);
    } catch (err) {
      refusedBy(unlocked, setError)(err);
    } finally {
      setSaving(false);
    }
  };

  const replaceStatus = (status: CredentialStatus) =>
    setCredentials(credentials.map((c) => (c.environment === status.environment ? status : c)));

  return (
    <div class="settings">
      {askProduction && (
        <ProductionConfirm
          from={settings.environment}
          onConfirm={() => void save(true)}
          onCancel={() => {
            setAskProduction(false);
            set("environment", settings.environment);
          }}
        />
      )}
      {unlocked.supervisor.status.pin === "not_chosen" && <SupervisorPanel {...unlocked} />}
      <form
        class="panel"
        aria-labelledby="settings-title"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="settings-title">{t("settings_title")}</h2>
        <fieldset class="field">
          <legend>{t("environment")}</legend>
          {/* Native radios: the arrows move between them and the chosen one is checked for
              screen readers; the tick and the word say it to the eye, not the colour. */}
          <div class="row" role="radiogroup" aria-label={t("environment")}>
            {ENVIRONMENTS.map((env) => (
              <label key={env} class="env-choice" data-env={env} data-selected={draft.environment === env}>
                <input type="radio" name="environment" value={env} checked={draft.environment === env} onChange={() => set("environment", env)} />
                {t(`env_${env}`)}
                {draft.environment === env && <span class="env-selected"> ✓ {t("env_selected")}</span>}
              </label>
            ))}
          </div>
          {draft.environment === "demo" && <p class="muted">{t("env_demo_hint")}</p>}
        </fieldset>
        <div class="field">
          <label for="outlet-name">{t("outlet_name")}</label>
          <input id="outlet-name" value={draft.outlet_name} onInput={(e) => set("outlet_name", e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="counter-name">{t("counter_name")}</label>
          <input id="counter-name" maxLength={COUNTER_NAME_MAX} aria-describedby="counter-name-hint" value={draft.counter_name} onInput={(e) => set("counter_name", e.currentTarget.value)} />
          <p id="counter-name-hint" class="muted">{t("counter_name_hint")}</p>
        </div>
        <div class="field">
          <label for="receipt-header">{t("receipt_header")}</label>
          <textarea id="receipt-header" rows={3} value={draft.receipt_header.join("\n")} onInput={(e) => set("receipt_header", e.currentTarget.value.split("\n"))} />
        </div>
        <div class="field">
          <label for="receipt-width">{t("receipt_width")}</label>
          <select id="receipt-width" aria-describedby="receipt-width-hint" value={draft.receipt_width} onChange={(e) => set("receipt_width", e.currentTarget.value as Settings["receipt_width"])}>
            <option value="80mm">{t("receipt_width_80mm")}</option>
            <option value="58mm">{t("receipt_width_58mm")}</option>
          </select>
          <p id="receipt-width-hint" class="muted">{t("receipt_width_hint")}</p>
        </div>
        <div class="row">
          <div class="field">
            <label for="language">{t("language")}</label>
            <select id="language" value={draft.language} onChange={(e) => set("language", e.currentTarget.value as Settings["language"])}>
              <option value="en">English</option>
              <option value="ms">Bahasa Malaysia</option>
            </select>
          </div>
          <div class="field">
            <label for="rate">{t("rate")}</label>
            <input
              id="rate"
              type="number"
              min={1}
              max={MAX_REQUEST_RATE}
              step={1}
              value={draft.request_rate}
              aria-describedby="rate-hint"
              onInput={(e) => set("request_rate", e.currentTarget.valueAsNumber)}
            />
            <p id="rate-hint" class="muted">{t("rate_hint", { max: String(MAX_REQUEST_RATE) })}</p>
          </div>
          <div class="field">
            <label for="low-balance">{t("low_balance_threshold")}</label>
            <input id="low-balance" inputMode="decimal" value={draft.low_balance_threshold} onInput={(e) => set("low_balance_threshold", e.currentTarget.value)} />
          </div>
        </div>
        <div class="field">
          <label for="proxy">{t("proxy")}</label>
          <input
            id="proxy"
            type="url"
            placeholder="http://proxy.example.com:8080"
            value={draft.proxy ?? ""}
            aria-describedby="proxy-hint"
            aria-invalid={error?.field === "proxy" || undefined}
            onInput={(e) => set("proxy", e.currentTarget.value.trim() || null)}
          />
          <p id="proxy-hint" class="muted">{t("proxy_hint")}</p>
        </div>
        <ErrorNote error={error} />
        <div class="actions">
          {saved && <span class="ok-text" role="status">{t("saved")}</span>}
          <button type="submit" class="primary" disabled={saving}>{saving ? t("saving") : t("save")}</button>
        </div>
      </form>
      <div class="credentials">
        {unlocked.supervisor.status.pin !== "not_chosen" && <SupervisorPanel {...unlocked} />}
        {credentials.filter((c) => c.environment !== "demo").map((c) => (
          <CredentialsForm key={c.environment} status={c} current={c.environment === settings.environment} unlocked={unlocked} onChange={replaceStatus} />
        ))}
        <AccountSettings unlocked={unlocked} onThreshold={onThreshold} />
        <CopyDiagnostics />
      </div>
    </div>
  );
}

/** Asked once more before Production: from then on every sale is paid with real money. */
function ProductionConfirm({ from, onConfirm, onCancel }: { from: Environment; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useModalDialog(onCancel);
  const { ref, armed, onEnter } = useDeliberateEnter<HTMLButtonElement>();
  return (
    <dialog
      ref={dialog.ref}
      class="production-confirm"
      aria-labelledby="production-title"
      aria-describedby="production-warning"
      onCancel={dialog.onCancel}
    >
      <h2 id="production-title">{t("production_title")}</h2>
      <p id="production-warning" class="banner error">{t("production_warning")}</p>
      <div class="actions">
        <button type="button" class="stay" onClick={onCancel}><kbd>Esc</kbd> {t("production_stay", { env: t(`env_${from}`) })}</button>
        <button type="button" class="danger go-production" ref={ref} data-armed={armed} onKeyDown={onEnter(onConfirm)} onClick={onConfirm}>
          {t("production_confirm")} <kbd>Enter</kbd>
        </button>
      </div>
    </dialog>
  );
}

/**
 * The account's own settings, kept by IIMMPACT (not on this PC): the e-mail alert's
 * threshold and where transaction callbacks go. Anyone may read them here; changing
 * them takes the supervisor's unlock.
 */
function AccountSettings({ unlocked, onThreshold }: { unlocked: Unlocked; onThreshold: () => void }) {
  const api = usePlatform();
  const [threshold, setThreshold] = useState<AccountThreshold | null>(null);
  const [callback, setCallback] = useState<Callback | null>(null);
  const [amount, setAmount] = useState("");
  const [url, setUrl] = useState("");
  const [method, setMethod] = useState<"POST" | "GET">("POST");
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refused = refusedBy(unlocked, setError);

  const showCallback = (c: Callback) => {
    setCallback(c);
    setUrl(c.url ?? "");
    setMethod(c.method ?? "POST");
  };

  useEffect(() => {
    api.accountThreshold().then(setThreshold, refused);
    api.accountCallback().then(showCallback, refused);
  }, []);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      await action();
      setMessage(t("saved"));
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel account-settings" aria-labelledby="account-title">
      <h3 id="account-title">{t("account_title")}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            setThreshold(await api.setAccountThreshold(amount));
            setAmount("");
            onThreshold();
          });
        }}
      >
        <div class="field">
          <label for="account-threshold">{t("account_threshold")}</label>
          <p class="account-threshold-now">
            {threshold?.amount && Number(threshold.amount) > 0 ? t("account_threshold_current", { amount: formatMoney(threshold.amount) }) : t("account_threshold_none")}
          </p>
          {threshold?.note && <p class="muted account-threshold-note">{threshold.note}</p>}
          <div class="row">
            <input
              id="account-threshold"
              inputMode="decimal"
              value={amount}
              aria-describedby="account-threshold-hint"
              aria-invalid={error?.field === "amount" || undefined}
              onInput={(e) => setAmount(e.currentTarget.value)}
            />
            <button type="submit" disabled={busy}>{t("account_threshold_save")}</button>
          </div>
          <p id="account-threshold-hint" class="muted">{t("account_threshold_hint")}</p>
        </div>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => showCallback(await api.setAccountCallback(url.trim(), method)));
        }}
      >
        <p class="banner warn" id="callback-warning">{t("callback_warning")}</p>
        <p class="muted callback-now">{callback?.url ? `${callback.method ?? ""} ${callback.url}` : t("callback_none")}</p>
        <div class="row">
          <div class="field grow">
            <label for="callback-url">{t("callback_url")}</label>
            <input
              id="callback-url"
              type="url"
              placeholder="https://"
              value={url}
              aria-describedby="callback-warning"
              aria-invalid={error?.field === "url" || undefined}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="callback-method">{t("callback_method")}</label>
            <select id="callback-method" value={method} onChange={(e) => setMethod(e.currentTarget.value as "POST" | "GET")}>
              <option value="POST">POST</option>
              <option value="GET">GET</option>
            </select>
          </div>
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>{t("callback_save")}</button>
        </div>
      </form>
      <ErrorNote error={error} />
      {message && <p class="ok-text" role="status">{message}</p>}
    </section>
  );
}

/** How an environment signs in: an API key and secret (recommended), or the legacy user name and password. */
type Kind = NonNullable<CredentialStatus["kind"]>;
const KINDS: Kind[] = ["api_key", "login"];

/**
 * One environment's credentials: an API key and secret, or the legacy sign-in. The secret
 * and password fields are write-only: they start empty and are never filled from storage.
 */
export function CredentialsForm({ status, current, unlocked, onChange }: { status: CredentialStatus; current: boolean; unlocked: Unlocked; onChange: (s: CredentialStatus) => void }) {
  const api = usePlatform();
  const env = status.environment;
  const [kind, setKind] = useState<Kind>(status.kind ?? "api_key");
  const [apiKey, setApiKey] = useState("");
  const [secret, setSecret] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      await action();
    } catch (err) {
      refusedBy(unlocked, setError)(err);
    } finally {
      setBusy(false);
    }
  };

  /** The first of `fields` left empty is named, as the core would name it. */
  const missing = (fields: [string, string][]) => {
    const empty = fields.find(([, value]) => !value.trim());
    if (empty) setError({ kind: "invalid", field: empty[0], problem: { code: "required" } });
    return empty !== undefined;
  };

  const store = () =>
    act(async () => {
      if (missing([["api_key", apiKey], ["secret", secret]])) return;
      onChange(await api.setCredentials(env, apiKey.trim(), secret));
      setApiKey("");
      setSecret("");
      setMessage(t("saved"));
    });

  const signIn = () =>
    act(async () => {
      if (missing([["username", username], ["password", password]])) return;
      try {
        onChange(await api.signIn(env, username.trim(), password));
        setUsername("");
        setMessage(t("signed_in"));
      } finally {
        // Tried once: a refused password is typed again, never kept in the form.
        setPassword("");
      }
    });

  const signedIn = status.kind === "login";
  return (
    <form
      class="panel env-panel"
      data-env={env}
      aria-labelledby={`cred-${env}`}
      onSubmit={(e) => {
        e.preventDefault();
        void (kind === "login" ? signIn() : store());
      }}
    >
      <h3 id={`cred-${env}`}>{t("credentials")}: {t(`env_${env}`)}</h3>
      {status.source === "environment_variables" && <p class="muted">{t("from_env_vars")}</p>}
      <fieldset class="field">
        <legend>{t("credential_kind")}</legend>
        {/* Native radios: the arrows move between the two kinds. */}
        <div class="row" role="radiogroup" aria-label={t("credential_kind")}>
          {KINDS.map((k) => (
            <label key={k} class="kind-choice">
              <input type="radio" id={`kind-${env}-${k}`} name={`kind-${env}`} value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`kind_${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "api_key" ? (
        <>
          <div class="field">
            <label for={`key-${env}`}>{t("api_key")}</label>
            <input
              id={`key-${env}`}
              autoComplete="off"
              spellcheck={false}
              placeholder={status.api_key_prefix ?? ""}
              value={apiKey}
              aria-invalid={error?.field === "api_key" || undefined}
              onInput={(e) => setApiKey(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`secret-${env}`}>{t("secret")}</label>
            <input
              id={`secret-${env}`}
              type="password"
              autoComplete="new-password"
              spellcheck={false}
              value={secret}
              aria-invalid={error?.field === "secret" || undefined}
              aria-describedby={`secret-${env}-hint`}
              onInput={(e) => setSecret(e.currentTarget.value)}
            />
            <p id={`secret-${env}-hint`} class="muted">{status.has_secret ? t("secret_stored") : t("secret_none")}</p>
          </div>
        </>
      ) : (
        <>
          <p id={`login-${env}-status`} class="muted">
            {signedIn
              ? t("signed_in_as", { name: status.username ?? "?", time: status.id_token_expires_at ? formatTimeOnDay(status.id_token_expires_at) : "?" })
              : t("not_signed_in")}
          </p>
          <div class="field">
            <label for={`user-${env}`}>{t("username")}</label>
            <input
              id={`user-${env}`}
              autoComplete="username"
              spellcheck={false}
              placeholder={status.username ?? ""}
              value={username}
              aria-invalid={error?.field === "username" || undefined}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`password-${env}`}>{t("password")}</label>
            <input
              id={`password-${env}`}
              type="password"
              autoComplete="current-password"
              spellcheck={false}
              value={password}
              aria-invalid={error?.field === "password" || error?.auth === "wrong_password" || undefined}
              aria-describedby={`password-${env}-hint`}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <p id={`password-${env}-hint`} class="muted">{t("login_hint")}</p>
          </div>
        </>
      )}
      {/* The window's banner shows only the current environment's block. */}
      <ErrorNote error={error} blockHere={!current} />
      {message && <p class="ok-text" role="status">{message}</p>}
      <div class="actions">
        <button type="button" disabled={busy || !status.kind} onClick={() => act(async () => onChange(await api.clearCredentials(env)))}>
          {signedIn ? t("sign_out") : t("clear_credentials")}
        </button>
        <button
          type="button"
          disabled={busy || !status.kind}
          onClick={() =>
            act(async () => {
              const b = await api.testCredentials(env);
              setMessage(t("test_ok", { name: b.name, balance: formatMoney(b.balance) }));
            })
          }
        >
          {t("test_connection")}
        </button>
        <button type="submit" class="primary" disabled={busy}>{kind === "login" ? t("sign_in") : t("save_credentials")}</button>
      </div>
    </form>
  );
}
