// An office PC with a company proxy in its environment that does not answer: Demo still
// works, because loopback (Demo's simulator inside the app on 127.0.0.1) never goes
// through a proxy. The "proxy" here counts every connection it is offered and drops it,
// so a request that went through it would both fail and be counted.
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { freshHome, launch } from "../lib/app.js";
import { confirmAndPay, enterReload, resultRefid, waitForStatus } from "../lib/counter.js";
import { APP } from "../lib/paths.js";
import { textOf } from "../lib/screen.js";

let proxy;
let offered = 0;
let app;
before(async () => {
  proxy = net.createServer((socket) => {
    offered += 1;
    socket.destroy();
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${proxy.address().port}`;
  // Only the app gets the proxy: the WebDriver drivers between the test and the app would
  // send the test's own commands to it, and so would WebKit's remote-inspector link back to
  // them (GLib's proxy resolver reads the same variables), which the dummy resolver keeps
  // direct. Nothing is exempted for the app's own HTTP client: it must know that loopback
  // is never proxied.
  const home = freshHome();
  const names = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"];
  const application = join(home, "kaunter-behind-proxy");
  writeFileSync(
    application,
    `#!/bin/sh\n${names.map((n) => `export ${n}=${url}`).join("\n")}\nexport NO_PROXY= no_proxy= GIO_USE_PROXY_RESOLVER=dummy\nexec ${APP} "$@"\n`,
  );
  chmodSync(application, 0o755);
  app = await launch({ home, application });
});
after(async () => {
  await app?.close();
  proxy?.close();
});

test("Demo pays a reload with a dead proxy in the environment, and never asks the proxy", async () => {
  const { browser } = app;
  assert.match(await textOf(browser, ".env-badge"), /^demo$/i);
  await enterReload(browser, "D", "0123456789", "10");
  await confirmAndPay(browser);
  await waitForStatus(browser, /^Successful$/, 30_000);
  assert.match(await resultRefid(browser), /^KTR-/);
  assert.equal(offered, 0, "no request went to the proxy");
});
