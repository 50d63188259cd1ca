import { useState } from "preact/hooks";
import { usePlatform } from "../platform";
import { t } from "../i18n";
import { formatTimeOnDay } from "../dates";
import { ErrorNote } from "./error-note";
import type { BlockStatus } from "../bindings/BlockStatus";
import type { ErrorPayload } from "../types";

/**
 * IIMMPACT blocked this PC: said once, for the whole window, with when it ends. The
 * check is one request, made only when the cashier asks, since each refused request
 * is wasted and the block ends on its own.
 */
export function BlockBanner({ block, onChange }: { block: BlockStatus; onChange: (b: BlockStatus | null) => void }) {
  const api = usePlatform();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);

  const check = async () => {
    if (checking) return;
    setChecking(true);
    try {
      onChange(await api.unblockCheck());
      setError(null);
    } catch (err) {
      setError(err as ErrorPayload);
    } finally {
      setChecking(false);
    }
  };

  return (
    <div class="banner error block-banner" role="alert">
      <p>{t("blocked", { until: formatTimeOnDay(block.until) })}</p>
      {/* A bare "Forbidden" is also what an IP allowlist or the other environment's key gets. */}
      {block.bare_forbidden && <p>{t("blocked_other_causes")}</p>}
      <button type="button" onClick={() => void check()} aria-disabled={checking}>
        {checking ? t("block_checking") : t("block_check")}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
