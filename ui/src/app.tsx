import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "./platform";
import { setLanguage, t } from "./i18n";
import { SCREEN_KEYS, type Screen } from "./keys";
import { Header } from "./components/header";
import { Lookup } from "./components/lookup";
import { Receipt } from "./components/receipt";
import { ErrorNote } from "./components/error-note";
import { Counter } from "./screens/counter";
import { History } from "./screens/history";
import { Export } from "./screens/export";
import { SettingsScreen } from "./screens/settings";
import type { AppStatus, Balance, ErrorPayload, Payment, Settings } from "./types";

export function App() {
  const [screen, setScreen] = useState<Screen>("counter");
  const [lookupOpen, setLookupOpen] = useState(false);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [balance, setBalance] = useState<Balance | null>(null);
  const [balanceError, setBalanceError] = useState<ErrorPayload | null>(null);
  const [startError, setStartError] = useState<ErrorPayload | null>(null);
  const [printing, setPrinting] = useState<Payment | null>(null);

  const refreshBalance = useCallback(async () => {
    try {
      setBalance(await api.balance());
      setBalanceError(null);
    } catch (err) {
      setBalanceError(err as ErrorPayload);
    }
  }, []);

  const applySettings = useCallback((s: Settings) => {
    setLanguage(s.language);
    setSettings(s);
  }, []);

  useEffect(() => {
    Promise.all([api.settings(), api.appStatus()])
      .then(([s, st]) => {
        applySettings(s);
        setStatus(st);
      })
      .catch((err) => setStartError(err as ErrorPayload));
    void refreshBalance();
  }, [applySettings, refreshBalance]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = SCREEN_KEYS[e.key];
      if (!target) return;
      e.preventDefault();
      if (target === "lookup") setLookupOpen(true);
      else {
        setLookupOpen(false);
        setScreen(target);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The receipt view is the print layout; printing starts once it has rendered.
  useEffect(() => {
    if (!printing) return;
    const done = () => setPrinting(null);
    window.addEventListener("afterprint", done, { once: true });
    requestAnimationFrame(() => window.print());
    return () => window.removeEventListener("afterprint", done);
  }, [printing]);

  if (startError) return <main class="start-error"><ErrorNote error={startError} /></main>;
  if (!settings || !status) return <main aria-busy="true" class="loading">{t("app_name")}</main>;

  const environmentChanged = async (s: Settings) => {
    applySettings(s);
    setStatus(await api.appStatus());
    void refreshBalance();
  };

  return (
    <>
      <div class="screen" data-env={settings.environment}>
        <Header
          environment={settings.environment}
          balance={balance}
          balanceError={balanceError}
          lowBalance={settings.low_balance_threshold}
          screen={screen}
          onScreen={setScreen}
          onLookup={() => setLookupOpen(true)}
          onRefresh={refreshBalance}
        />
        {status.keychain_problem && (
          <p class="banner warn" role="alert">
            <strong>{t("keychain_problem")}:</strong> {status.keychain_problem.summary} — {status.keychain_problem.remedy}
          </p>
        )}
        <main class="content">
          {screen === "counter" && <Counter settings={settings} readOnly={balance ? !balance.may_pay : false} onPaid={refreshBalance} onPrint={setPrinting} />}
          {screen === "history" && <History onPrint={setPrinting} />}
          {screen === "export" && <Export defaults={settings.export} />}
          {screen === "settings" && <SettingsScreen settings={settings} onSaved={environmentChanged} />}
        </main>
        {lookupOpen && <Lookup onClose={() => setLookupOpen(false)} onPrint={setPrinting} />}
      </div>
      {printing && <Receipt payment={printing} settings={settings} />}
    </>
  );
}
