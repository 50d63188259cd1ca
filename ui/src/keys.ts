// Function keys jump between screens, as on a reload terminal.
export type Screen = "counter" | "history" | "export" | "settings";

export const SCREEN_KEYS: Record<string, Screen | "lookup"> = {
  F1: "counter",
  F2: "history",
  F3: "export",
  F4: "settings",
  F5: "lookup",
};
