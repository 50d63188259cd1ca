// The counter screen's steps, as a cashier takes them from the keyboard.
import { KEY, type, waitForElement, waitForText } from "./screen.js";

/** Picks a product by typing its code in the search and pressing Enter; focus moves to the account. */
export async function pickProduct(browser, code) {
  const search = await waitForElement(browser, "#product-search");
  await waitForElement(browser, ".product-button");
  await search.click();
  await type(browser, code);
  await waitForText(browser, ".product-list li:first-child .product-code", new RegExp(`^${code}$`));
  await browser.keys(KEY.Enter);
  await waitForText(browser, ".sale-product .product-code", new RegExp(`^${code}$`));
  await browser.waitUntil(() => browser.$("#account").isFocused(), {
    timeout: 5_000,
    timeoutMsg: "the account field never got the focus",
  });
}

/** Waits until the element at `selector` has the focus. */
export function waitForFocus(browser, selector) {
  return browser.waitUntil(() => browser.$(selector).isFocused(), { timeout: 5_000, timeoutMsg: `${selector} never got the focus` });
}

/**
 * Enter in the account field of a product with choices: its choices (plans, billers,
 * account types) are listed for that account and the choice field takes the focus.
 */
export async function listChoices(browser) {
  await browser.keys(KEY.Enter);
  await waitForElement(browser, '#choice-list li[role="option"]');
  await waitForFocus(browser, "#choice");
}

/** The refid on the result screen. */
export function resultRefid(browser) {
  return waitForText(browser, ".result .mono", /^[A-Za-z0-9._-]{1,50}$/);
}

/** Waits for the result screen's status badge to read `pattern` (e.g. /Successful/). */
export function waitForStatus(browser, pattern, timeout) {
  return waitForText(browser, ".result .result-status .status", pattern, timeout);
}

/**
 * A reload typed in as a cashier does it: the product code and Enter, the account and
 * Enter (a reload has no bill check, so focus goes on to the amount), then the amount.
 */
export async function enterReload(browser, product, account, amount) {
  await pickProduct(browser, product);
  await type(browser, account);
  await browser.keys(KEY.Enter);
  await browser.waitUntil(() => browser.$("#amount").isFocused(), { timeout: 5_000, timeoutMsg: "Enter never moved to the amount" });
  await type(browser, amount);
}

/**
 * Waits until the confirm step takes Enter: painted, Pay focused and armed. Only an
 * Enter pressed after that pays; an earlier one is the cashier not having read it back.
 */
export async function waitForPayArmed(browser) {
  await waitForElement(browser, '.confirm .pay[data-armed="true"]');
  await browser.waitUntil(() => browser.$(".confirm .pay").isFocused(), { timeout: 5_000, timeoutMsg: "Pay never got the focus" });
}

/** Enter on the amount opens the confirm step; a fresh Enter there pays. */
export async function confirmAndPay(browser) {
  await browser.keys(KEY.Enter);
  await waitForPayArmed(browser);
  await browser.keys(KEY.Enter);
}
