// Starts the real Kaunter binary through tauri-driver (WebKitWebDriver) with a private
// HOME, so every scenario begins as a fresh install, and gives the test a WebdriverIO
// browser plus the simulator's inspection API.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";
import { remote } from "webdriverio";

const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.KAUNTER_APP ?? join(ROOT, "target/debug/kaunter-app");
export const SHOTS = join(ROOT, "docs/screenshots");

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on("error", fail);
  });
}

async function waitForPort(port, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((r) => {
      const s = net.connect(port, "127.0.0.1", () => (s.end(), r(true)));
      s.on("error", () => r(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listening on ${port} after ${ms} ms`);
}

/** A fresh home for one scenario: the app's data, config and keyring live here. */
export function freshHome() {
  const home = mkdtempSync(join(tmpdir(), "kaunter-e2e-"));
  for (const d of [".local/share", ".config", ".cache"]) mkdirSync(join(home, d), { recursive: true });
  return home;
}

/**
 * Launches the app. `env` is added to the app's environment (it inherits tauri-driver's).
 * Returns { browser, demo, home, close }.
 */
export async function launch({ home = freshHome(), env = {} } = {}) {
  const demoPort = await freePort();
  const driverPort = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(driverPort), "--native-port", String(nativePort)], {
    env: {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: join(home, ".local/share"),
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_CACHE_HOME: join(home, ".cache"),
      KAUNTER_DEMO_PORT: String(demoPort),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForPort(driverPort);
  const browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "error",
    capabilities: { "tauri:options": { application: APP } },
  });
  const demo = new Sim(`http://127.0.0.1:${demoPort}`);
  return {
    browser,
    demo,
    home,
    async close() {
      await browser.deleteSession().catch(() => {});
      driver.kill();
    },
  };
}

/** The simulator's unauthenticated inspection and control API (`/_sim/…`). */
export class Sim {
  constructor(origin) {
    this.origin = origin;
  }
  async get(path) {
    const r = await fetch(`${this.origin}/_sim/${path}`);
    if (!r.ok) throw new Error(`GET /_sim/${path}: ${r.status}`);
    return r.json();
  }
  async post(path, body) {
    const r = await fetch(`${this.origin}/_sim/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`POST /_sim/${path}: ${r.status} ${await r.text()}`);
    return r.text();
  }
}
