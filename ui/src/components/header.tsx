import { t, type MessageKey } from "../i18n";
import { describeError } from "../errors";
import { decimalToSen, formatMoney } from "../money";
import type { Screen } from "../keys";
import type { Balance, EffectiveThreshold, Environment, ErrorPayload } from "../types";

// In F-key order; the lookup opens over whichever screen is shown.
const TABS: { screen: Screen | "lookup"; key: string; label: MessageKey }[] = [
  { screen: "counter", key: "F1", label: "nav_counter" },
  { screen: "history", key: "F2", label: "nav_history" },
  { screen: "export", key: "F3", label: "nav_export" },
  { screen: "settings", key: "F4", label: "nav_settings" },
  { screen: "lookup", key: "F5", label: "nav_lookup" },
  { screen: "reconcile", key: "F6", label: "nav_reconcile" },
  { screen: "reports", key: "F7", label: "nav_reports" },
];

interface Props {
  environment: Environment;
  balance: Balance | null;
  balanceError: ErrorPayload | null;
  /** Warn below this, and whose threshold it is. */
  lowBalance: EffectiveThreshold;
  screen: Screen;
  onScreen: (s: Screen) => void;
  onLookup: () => void;
  onRefresh: () => void;
}

export function Header({ environment, balance, balanceError, lowBalance, screen, onScreen, onLookup, onRefresh }: Props) {
  const sen = balance ? decimalToSen(balance.balance) : null;
  const threshold = decimalToSen(lowBalance.amount);
  const low = sen !== null && threshold !== null && sen < threshold;
  return (
    <header class="header">
      <span class="env-badge" data-tone={environment}>{t(`env_${environment}`)}</span>
      <nav aria-label={t("app_name")}>
        {TABS.map((tab) => (
          <button
            key={tab.screen}
            type="button"
            class="tab"
            aria-current={screen === tab.screen ? "page" : undefined}
            onClick={() => (tab.screen === "lookup" ? onLookup() : onScreen(tab.screen))}
          >
            <kbd>{tab.key}</kbd> {t(tab.label)}
          </button>
        ))}
      </nav>
      <div class={`wallet${low ? " low" : ""}`} aria-live="polite">
        <span class="wallet-label">{t("wallet")}</span>
        <strong class="wallet-amount" title={balanceError ? describeError(balanceError) : undefined}>
          {balance ? formatMoney(balance.balance) : balanceError ? "—" : "…"}
        </strong>
        {low && (
          <span class="wallet-low" role="status" title={t("balance_low_below", { amount: formatMoney(lowBalance.amount), source: t(`threshold_source_${lowBalance.source}`) })}>
            {t("balance_low")}
          </span>
        )}
        <button type="button" class="icon-button" onClick={onRefresh} aria-label={t("refresh")} title={t("refresh")}>
          ⟳
        </button>
      </div>
    </header>
  );
}
