// The window's permissions in the real app: every command the UI may call (the generated
// `Command` type) gets past the ACL, and what the capability does not grant is refused.
// The commands run with no arguments, so those that take some reject before doing anything.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch } from "../lib/app.js";
import { ROOT } from "../lib/paths.js";

/** Opens a modal print dialog that would hold the window; the Rust ACL test covers it. */
const SKIPPED = new Set(["print_receipt"]);
const DENIED = /not allowed/;

function commands() {
  const source = readFileSync(join(ROOT, "ui/src/bindings/Command.ts"), "utf8");
  return [...source.matchAll(/"(\w+)"/g)].map((m) => m[1]);
}

/** Invokes `cmd` in the window; resolves to the rejection's text, or null when it succeeded. */
function invokeInWindow(browser, cmd, args) {
  return browser.executeAsync(
    (cmd, args, done) =>
      window.__TAURI_INTERNALS__.invoke(cmd, args).then(
        () => done(null),
        (err) => done(typeof err === "string" ? err : JSON.stringify(err)),
      ),
    cmd,
    args,
  );
}

let app;
before(async () => {
  app = await launch();
});
after(() => app?.close());

test("every command the UI may call is granted to the window", async () => {
  const names = commands();
  assert.ok(names.length > 10, `Command.ts lists ${names.length} commands`);
  const refused = [];
  for (const cmd of names.filter((c) => !SKIPPED.has(c))) {
    const outcome = await invokeInWindow(app.browser, cmd, {});
    if (outcome !== null && DENIED.test(outcome)) refused.push(`${cmd}: ${outcome}`);
  }
  assert.deepEqual(refused, []);
});

test("a command the capability does not grant is refused", async () => {
  const outcome = await invokeInWindow(app.browser, "plugin:opener|open_url", { url: "https://example.com" });
  assert.match(outcome ?? "(it ran)", DENIED);
});
