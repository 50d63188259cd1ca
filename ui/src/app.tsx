import { useCallback, useEffect, useState } from "preact/hooks";
import { usePlatform } from "./platform";
import { setLanguage, t } from "./i18n";
import { SCREEN_KEYS, type Screen } from "./keys";
import { keychainProblemText } from "./labels";
import { Header } from "./components/header";
import { Lookup } from "./components/lookup";
import { Receipt } from "./components/receipt";
import { ErrorNote } from "./components/error-note";
import { BlockBanner } from "./components/block-banner";
import { ErrorBoundary } from "./components/error-boundary";
import { Counter } from "./screens/counter";
import { History } from "./screens/history";
import { Export } from "./screens/export";
import { Reconcile } from "./screens/reconcile";
import { Reports } from "./screens/reports";
import { SettingsScreen } from "./screens/settings";
import { SupervisorGate } from "./screens/supervisor";
import { lowBalanceLine } from "./supervisor";
import { printView } from "./print";
import type { AppStatus, Balance, EffectiveThreshold, ErrorPayload, Payment, Receipt as ReceiptModel, Settings } from "./types";
import type { BlockStatus } from "./bindings/BlockStatus";

export function App() {
  const api = usePlatform();
  const [screen, setScreen] = useState<Screen>("counter");
  const [lookupOpen, setLookupOpen] = useState(false);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [balance, setBalance] = useState<Balance | null>(null);
  const [balanceError, setBalanceError] = useState<ErrorPayload | null>(null);
  const [startError, setStartError] = useState<ErrorPayload | null>(null);
  const [block, setBlock] = useState<BlockStatus | null>(null);
  const [threshold, setThreshold] = useState<EffectiveThreshold | null>(null);
  // Each request counts, so reprinting the same receipt opens the dialog again.
  const [printing, setPrinting] = useState<{ receipt: ReceiptModel; request: number } | null>(null);
  const [printError, setPrintError] = useState<ErrorPayload | null>(null);
  // The core lays out the receipt with a voucher's PIN opened, and refuses rather than
  // lay out a voucher's receipt without it: then nothing is printed.
  const print = useCallback((payment: Payment) => {
    api.receipt(payment.refid).then(
      (receipt) => setPrinting((p) => ({ receipt, request: (p?.request ?? 0) + 1 })),
      (err) => setPrintError(err as ErrorPayload),
    );
  }, []);

  const refreshBalance = useCallback(async () => {
    try {
      setBalance(await api.balance());
      setBalanceError(null);
    } catch (err) {
      setBalanceError(err as ErrorPayload);
    }
  }, []);

  // The core answers with the local threshold when IIMMPACT cannot be asked.
  const refreshThreshold = useCallback(() => {
    api.lowBalanceThreshold().then(setThreshold, () => {});
  }, []);

  // The core remembers the block (on disk, per environment); asking it sends nothing.
  const refreshBlock = useCallback(() => {
    // Reading a file the core keeps cannot really fail; if it did, the banner stays as it was.
    api.blockStatus().then(setBlock, () => {});
  }, []);

  // Once IIMMPACT answers again, the wallet refused during the block is asked for again.
  const blockChanged = useCallback(
    (b: BlockStatus | null) => {
      setBlock(b);
      if (!b) void refreshBalance();
    },
    [refreshBalance],
  );

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
    refreshBlock();
    refreshThreshold();
    return api.onRateLimited(refreshBlock);
  }, [applySettings, refreshBalance, refreshBlock, refreshThreshold]);

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

  // The print layout holds the last receipt asked for; the dialog opens once it has rendered.
  useEffect(() => {
    if (!printing) return;
    requestAnimationFrame(() =>
      printView(api, "receipt").then(
        () => setPrintError(null),
        (err) => setPrintError(err as ErrorPayload),
      ),
    );
  }, [printing]);

  const ready = settings !== null && status !== null;
  useEffect(() => {
    // The second frame callback runs once the first frame with the counter has been painted.
    if (ready) requestAnimationFrame(() => requestAnimationFrame(() => void api.firstPaint().catch(() => {})));
  }, [ready]);

  if (startError) return <main class="start-error"><ErrorNote error={startError} /></main>;
  if (!settings || !status) return <main aria-busy="true" class="loading">{t("app_name")}</main>;

  const environmentChanged = async (s: Settings) => {
    applySettings(s);
    setStatus(await api.appStatus());
    void refreshBalance();
    refreshBlock();
    refreshThreshold();
  };
  const toCounter = () => setScreen("counter");

  return (
    <>
      <div class="screen" data-env={settings.environment}>
        <Header
          environment={settings.environment}
          balance={balance}
          balanceError={balanceError}
          lowBalance={lowBalanceLine(threshold, settings)}
          screen={screen}
          onScreen={setScreen}
          onLookup={() => setLookupOpen(true)}
          onRefresh={refreshBalance}
        />
        {block && <BlockBanner block={block} onChange={blockChanged} />}
        {status.keychain_problem && (
          <p class="banner warn" role="alert">
            <strong>{t("keychain_problem")}:</strong> {keychainProblemText(status.keychain_problem)}
          </p>
        )}
        {/* Missing keys, a wrong clock or no network: said once, under the wallet it explains. */}
        <ErrorNote error={balanceError} />
        <ErrorNote error={printError} />
        <main class="content">
          {/* A screen that fails to render leaves the header and the F-keys working; keyed by
              the screen, so moving to another one leaves the failure behind. */}
          <ErrorBoundary key={screen} onBack={toCounter}>
            {screen === "counter" && <Counter online={block === null} readOnly={balance ? !balance.may_pay : false} onPaid={refreshBalance} onPrint={print} />}
            {screen === "history" && <History defaults={settings.export} onPrint={print} />}
            {screen === "export" && <Export defaults={settings.export} />}
            {screen === "reconcile" && <Reconcile defaults={settings.export} onLeave={toCounter} />}
            {screen === "reports" && <Reports defaults={settings.export} onLeave={toCounter} />}
            {screen === "settings" && (
              <SupervisorGate onLeave={toCounter}>
                {(unlocked) => <SettingsScreen settings={settings} unlocked={unlocked} onSaved={environmentChanged} onThreshold={refreshThreshold} />}
              </SupervisorGate>
            )}
          </ErrorBoundary>
        </main>
        {lookupOpen && <Lookup onClose={() => setLookupOpen(false)} onPrint={print} />}
      </div>
      {printing && <Receipt receipt={printing.receipt} />}
    </>
  );
}
