// Settings as a cashier changes them: F4, the field, Save, back to the counter.
import { KEY, waitForElement } from "./screen.js";

/** Chooses the UI language (`en` or `ms`) in Settings and saves it. */
export async function chooseLanguage(browser, value) {
  await browser.keys(KEY.F4);
  const select = await waitForElement(browser, "#language");
  await select.selectByAttribute("value", value);
  await browser.$(".settings form.panel button[type=submit]").click();
  await waitForElement(browser, ".settings .ok-text");
  await browser.keys(KEY.F1);
}
