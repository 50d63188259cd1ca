import type { Platform } from "./platform";

/** What the print stylesheet shows: the receipt's print view or the shift report's. */
export type PrintView = "receipt" | "report";

/**
 * Opens the print dialog for one print view. The choice stays on the page until the
 * next print: the dialog may lay the page out after the command has returned, and both
 * views may be on the page at once (a receipt printed earlier stays in it).
 */
export function printView(api: Platform, view: PrintView): Promise<void> {
  document.body.dataset.print = view;
  return api.printReceipt();
}
