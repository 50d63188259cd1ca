import { useEffect, useState } from "preact/hooks";
import { api } from "../platform";
import { t } from "../i18n";
import { formatMoney } from "../money";
import { ErrorNote } from "../components/error-note";
import type { CredentialStatus, Environment, ErrorPayload, Settings } from "../types";

const ENVIRONMENTS: Environment[] = ["demo", "staging", "production"];

/**
 * The most requests per second the core accepts (`MAX_REQUEST_RATE` in
 * crates/kaunter/src/settings.rs): one PC's share of IIMMPACT's per-IP limit, which
 * blocks the whole outlet's address for 240 minutes when broken.
 */
export const MAX_REQUEST_RATE = 9;

export function SettingsScreen({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [draft, setDraft] = useState(settings);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [credentials, setCredentials] = useState<CredentialStatus[]>([]);

  useEffect(() => {
    api.credentialStatus().then(setCredentials, (err) => setError(err as ErrorPayload));
  }, []);

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };

  const save = async () => {
    setSaving(true);
    try {
      const stored = await api.saveSettings(draft);
      setDraft(stored);
      setSaved(true);
      setError(null);
      onSaved(stored);
    } catch (err) {
      setError(err as ErrorPayload);
    } finally {
      setSaving(false);
    }
  };

  const replaceStatus = (status: CredentialStatus) =>
    setCredentials(credentials.map((c) => (c.environment === status.environment ? status : c)));

  return (
    <div class="settings">
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
          <div class="row">
            {ENVIRONMENTS.map((env) => (
              <label class="env-choice" data-tone={env}>
                <input type="radio" name="environment" value={env} checked={draft.environment === env} onChange={() => set("environment", env)} />
                {t(`env_${env}`)}
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
          <label for="receipt-header">{t("receipt_header")}</label>
          <textarea id="receipt-header" rows={3} value={draft.receipt_header.join("\n")} onInput={(e) => set("receipt_header", e.currentTarget.value.split("\n"))} />
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
        {credentials.filter((c) => c.environment !== "demo").map((c) => (
          <CredentialsForm status={c} current={c.environment === settings.environment} onChange={replaceStatus} />
        ))}
      </div>
    </div>
  );
}

/** One environment's key and secret. The secret field is write-only: it starts empty and is never filled from storage. */
function CredentialsForm({ status, current, onChange }: { status: CredentialStatus; current: boolean; onChange: (s: CredentialStatus) => void }) {
  const env = status.environment;
  const [apiKey, setApiKey] = useState("");
  const [secret, setSecret] = useState("");
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
      setError(err as ErrorPayload);
    } finally {
      setBusy(false);
    }
  };

  const store = () =>
    act(async () => {
      if (!apiKey.trim() || !secret) {
        setError({ kind: "invalid", message: t("err_secret_required"), field: "secret" });
        return;
      }
      onChange(await api.setCredentials(env, apiKey.trim(), secret));
      setApiKey("");
      setSecret("");
      setMessage(t("saved"));
    });

  return (
    <form
      class="panel env-panel"
      data-env={env}
      aria-labelledby={`cred-${env}`}
      onSubmit={(e) => {
        e.preventDefault();
        void store();
      }}
    >
      <h3 id={`cred-${env}`}>{t("credentials")}: {t(`env_${env}`)}</h3>
      {status.source === "environment_variables" && <p class="muted">{t("from_env_vars")}</p>}
      <div class="field">
        <label for={`key-${env}`}>{t("api_key")}</label>
        <input id={`key-${env}`} autoComplete="off" spellcheck={false} placeholder={status.api_key_prefix ?? ""} value={apiKey} onInput={(e) => setApiKey(e.currentTarget.value)} />
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
      {/* The window's banner shows only the current environment's block. */}
      <ErrorNote error={error} blockHere={!current} />
      {message && <p class="ok-text" role="status">{message}</p>}
      <div class="actions">
        <button type="button" disabled={busy || !status.has_secret} onClick={() => act(async () => onChange(await api.clearCredentials(env)))}>
          {t("clear_credentials")}
        </button>
        <button
          type="button"
          disabled={busy || !status.has_secret}
          onClick={() =>
            act(async () => {
              const b = await api.testCredentials(env);
              setMessage(t("test_ok", { name: b.name, balance: formatMoney(b.balance) }));
            })
          }
        >
          {t("test_connection")}
        </button>
        <button type="submit" class="primary" disabled={busy}>{t("save_credentials")}</button>
      </div>
    </form>
  );
}
