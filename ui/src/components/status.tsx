import { t } from "../i18n";
import type { PaymentState } from "../types";

export function StatusBadge({ state }: { state: PaymentState }) {
  return <span class={`status status-${state}`}>{t(`status_${state}`)}</span>;
}
