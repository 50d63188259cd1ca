// Bad input at the counter: each mistake is named next to its field, and nothing
// reaches IIMMPACT.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { withSimulator } from "../lib/scenario.js";
import { pickProduct } from "../lib/counter.js";
import { KEY, retype, textOf, waitForText } from "../lib/screen.js";

let world;
before(async () => {
  world = await withSimulator();
});
after(() => world?.close());

/** Types `account` and `amount` into a reload's fields and presses Enter on the amount. */
async function submit(browser, account, amount) {
  await retype(browser, "#account", account);
  await retype(browser, "#amount", amount);
  await browser.keys(KEY.Enter);
}

async function fieldError(browser, field) {
  const invalid = await browser.$(`#${field}`).getAttribute("aria-invalid");
  return invalid === "true" ? textOf(browser, `#${field}-error`) : null;
}

test("empty, short and non-numeric input and an amount outside the denominations are refused before sending", async () => {
  const { browser, sim } = world;
  await pickProduct(browser, "D");

  await submit(browser, "", "");
  await waitForText(browser, "#account-error", /Enter the account number/);
  assert.equal(await fieldError(browser, "amount"), "Enter an amount");

  // Letters A to I are the quick amounts' keys on this field; X, Y and Z are never one.
  await submit(browser, "0123", "xyz");
  await waitForText(browser, "#account-error", /Malaysian mobile number/);
  assert.match(await fieldError(browser, "amount"), /must be a number/);

  await submit(browser, "0123456789", "7");
  await waitForText(browser, "#amount-error", /one of this product's amounts/);
  assert.equal(await fieldError(browser, "account"), null, "a good account is no longer marked");
  // The field with the error gets the focus, so the cashier types the fix at once.
  assert.ok(await browser.$("#amount").isFocused());

  assert.equal(await browser.$(".confirm").isExisting(), false, "never reached the confirm step");
  assert.equal(await sim.requests("/v2/topup"), 0, "nothing was sent");

  // The same form takes a good amount, so the refusals above were about the input.
  await submit(browser, "0123456789", "10");
  await waitForText(browser, ".confirm .confirm-amount", /RM\s?10\.00/);
  assert.equal(await sim.requests("/v2/topup"), 0, "confirming is not paying");
});
