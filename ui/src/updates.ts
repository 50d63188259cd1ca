import { useEffect, useRef } from "preact/hooks";
import { usePlatform } from "./platform";
import type { Payment } from "./types";

/**
 * Calls `onUpdate` with every payment whose state changes while the component is on
 * screen: the core follows open payments in the background and says when one moves.
 */
export function usePaymentUpdates(onUpdate: (payment: Payment) => void): void {
  const api = usePlatform();
  // The latest handler, so a re-render never has to re-subscribe (and miss an event).
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let gone = false;
    api.onPaymentUpdated((p) => handler.current(p)).then(
      (stop) => (gone ? stop() : (unlisten = stop)),
      (err) => console.error("payment updates are not reaching this window", err),
    );
    return () => {
      gone = true;
      unlisten?.();
    };
  }, []);
}
