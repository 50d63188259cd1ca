// Refreshes the screenshots in this folder from the real app window in Demo: drives it
// through tauri-driver (the e2e harness) and grabs the whole 1366x768 screen per step.
//
//   npm --prefix ui run build && cargo build -p kaunter-app --features tauri/custom-protocol
//   scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1366x768x24" node docs/screenshots/take.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { launch, freshHome, SHOTS } from "../../e2e/lib/app.js";

const KEY = { Enter: "\uE007", F1: "\uE031", F2: "\uE032", F3: "\uE033", F4: "\uE034", F5: "\uE035", Esc: "\uE00C" };
const shot = async (name) => {
  await sleep(600);
  execFileSync("import", ["-window", "root", join(SHOTS, `${name}.png`)]);
  console.log("shot", name);
};

const home = freshHome();
mkdirSync(join(home, "Documents"), { recursive: true });
const app = await launch({ home });
const b = app.browser;
try {
  const search = await b.$("#product-search");
  await search.waitForExist({ timeout: 20000 });
  await b.$(".product-button").waitForExist({ timeout: 20000 });
  await search.setValue("D");
  await b.keys(KEY.Enter);
  const account = await b.$("#account");
  await account.waitForExist();
  await account.setValue("012-345 6789");
  const denoms = await b.$$(".denomination");
  if (denoms.length > 1) await denoms[1].click();
  else await (await b.$("#amount")).setValue("10");
  await shot("counter");
  await (await b.$("button[type=submit].primary")).click();
  await (await b.$(".confirm")).waitForExist();
  await shot("confirm");
  await b.keys(KEY.Enter);
  await (await b.$(".result .status")).waitForExist({ timeout: 30000 });
  await b.waitUntil(async () => (await b.$$(".result .status-succeeded, .result .status-failed")).length > 0, { timeout: 60000 });
  await shot("result-receipt");
  await b.keys(KEY.Esc);
  // A bill with a bill check, for the counter's other half.
  await (await b.$("#product-search")).setValue("TNB");
  await b.keys(KEY.Enter);
  await (await b.$("#account")).setValue("220411163904");
  await b.keys(KEY.Enter);
  await sleep(2500);
  await (await b.$("#amount")).setValue("120.50");
  await shot("counter-bill");
  // "Invalid account no" blocks paying; the biller says so, the Next button is off.
  await b.keys(KEY.Esc);
  await (await b.$("#product-search")).setValue("TNB");
  await b.keys(KEY.Enter);
  await (await b.$("#account")).setValue("12345678901234567");
  await b.keys(KEY.Enter);
  await (await b.$(".sale .banner.error")).waitForExist({ timeout: 10000 });
  await shot("counter-invalid-account");
  // A product under interruption warns, and still lets the payment go ahead.
  await b.keys(KEY.Esc);
  await (await b.$("#product-search")).setValue("FP");
  await b.keys(KEY.Enter);
  await (await b.$(".banner-slot .banner")).waitForExist({ timeout: 10000 });
  await (await b.$("#account")).setValue("0123456789");
  await shot("counter-interruption");
  await b.keys(KEY.F2);
  await (await b.$(".history")).waitForExist();
  await shot("history");
  await b.keys(KEY.F3);
  await (await b.$(".export")).waitForExist();
  await (await b.$("button[type=submit].primary")).click();
  await b.waitUntil(async () => (await b.$$(".summary, .export-status .banner")).length > 0, { timeout: 120000 });
  await shot("export");
  await b.keys(KEY.F4);
  await (await b.$(".settings")).waitForExist();
  await sleep(800);
  await shot("settings");
  await b.keys(KEY.F5);
  const q = await b.$("#lookup-query");
  await q.waitForExist();
  await q.setValue("0123456789");
  await b.keys(KEY.Enter);
  await sleep(800);
  await shot("lookup");
} finally {
  await app.close();
}
