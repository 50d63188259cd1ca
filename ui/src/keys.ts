// Function keys jump between screens, as on a reload terminal.
export type Screen = "counter" | "history" | "export" | "settings" | "reconcile" | "reports";

export const SCREEN_KEYS: Record<string, Screen | "lookup"> = {
  F1: "counter",
  F2: "history",
  F3: "export",
  F4: "settings",
  F5: "lookup",
  F6: "reconcile",
  F7: "reports",
};

let enterDown = false;

/**
 * Follows the Enter key for the whole window, so the confirm step can tell whether the
 * Enter that opened it is still held. Capturing, so no handler can hide a key from it;
 * a key released while the window had no focus sends no keyup, hence the reset on blur.
 */
export function watchEnter(win: Window): void {
  win.addEventListener("keydown", (e) => e.key === "Enter" && (enterDown = true), true);
  win.addEventListener("keyup", (e) => e.key === "Enter" && (enterDown = false), true);
  win.addEventListener("blur", () => (enterDown = false));
}

/** Whether an Enter key is down right now. */
export function enterHeld(): boolean {
  return enterDown;
}
