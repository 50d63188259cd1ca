// What a scenario does to and reads from the window: keys as a cashier presses them,
// waits on what the screen shows (never on the clock), and screenshots of the screen.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { SHOTS } from "./paths.js";

/** WebDriver's codes for the keys the counter is driven with. */
export const KEY = {
  Tab: "\uE004",
  Enter: "\uE007",
  Esc: "\uE00C",
  ArrowUp: "\uE013",
  ArrowRight: "\uE014",
  ArrowDown: "\uE015",
  F1: "\uE031",
  F2: "\uE032",
  F3: "\uE033",
  F4: "\uE034",
  F5: "\uE035",
  F6: "\uE036",
  F7: "\uE037",
};

const WAIT = { timeout: 20_000, interval: 50 };

/** The trimmed text of the first element matching `selector`, or null when there is none. */
export async function textOf(browser, selector) {
  const el = await browser.$(selector);
  return (await el.isExisting()) ? (await el.getText()).trim() : null;
}

/** Waits until `selector` exists and its text matches `pattern`; returns the text. */
export async function waitForText(browser, selector, pattern, timeout = WAIT.timeout) {
  let last = null;
  try {
    await browser.waitUntil(
      async () => {
        last = await textOf(browser, selector);
        return last !== null && pattern.test(last);
      },
      { timeout, interval: WAIT.interval },
    );
  } catch (err) {
    // The text seen last, not the one before the first try, is what explains a timeout.
    throw new Error(`${selector} never showed ${pattern} (last: ${JSON.stringify(last)})`, { cause: err });
  }
  return last;
}

export async function waitForElement(browser, selector, timeout = WAIT.timeout) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout, interval: WAIT.interval });
  return el;
}

/**
 * Clicks `el` scrolled to the middle of the window: scrolled only to an edge, it may sit
 * under the header, which stays in sight, and the click would land on the header.
 */
export async function clickInView(el) {
  await el.scrollIntoView({ block: "center" });
  await el.click();
}

/**
 * Types into whatever has focus, as a keyboard would: each character pressed and
 * released (`browser.keys` holds a repeated key down, so "000" would type one 0).
 */
export async function type(browser, text) {
  const keyboard = browser.action("key");
  for (const ch of text) keyboard.down(ch).up(ch);
  await keyboard.perform();
}

/**
 * Sets an input the way a date picker would (WebKit's date fields take no typed text
 * through WebDriver): the value, then the `input` event the UI listens to.
 */
export async function setInputValue(browser, selector, value) {
  await browser.execute(
    (sel, val) => {
      const input = document.querySelector(sel);
      input.value = val;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    selector,
    value,
  );
}

/**
 * Saves the whole 1366×768 screen as `docs/screenshots/NAME.png` once the UI has
 * painted what the scenario just waited for (two animation frames).
 */
export async function screenshot(browser, name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  execFileSync("import", ["-window", "root", join(SHOTS, `${name}.png`)]);
}

/** Empties a field (firing `input`, as the UI expects), focuses it and types `text`. */
export async function retype(browser, selector, text) {
  await setInputValue(browser, selector, "");
  await browser.$(selector).click();
  await type(browser, text);
}
