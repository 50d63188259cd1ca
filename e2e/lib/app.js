// Starts the real Kaunter binary through its own tauri-driver (WebKitWebDriver), with a
// private HOME so every launch of a fresh home is a fresh install, and hands the test a
// WebdriverIO browser. The keyring is the D-Bus session's (scripts/with-keyring.sh).
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote } from "webdriverio";
import { APP } from "./paths.js";

/** A fresh home for one scenario: the app's data, config, cache and exports live here. */
export function freshHome() {
  const home = mkdtempSync(join(tmpdir(), "kaunter-e2e-"));
  for (const dir of [".local/share", ".config", ".cache", "Documents"]) mkdirSync(join(home, dir), { recursive: true });
  return home;
}

/** The app's environment: its own HOME and XDG dirs, and `env` on top. */
export function appEnv(home, env = {}) {
  return {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    KAUNTER_BASE_URL: "",
    ...env,
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited (${child.exitCode})`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`);
}

/**
 * Launches the app; `env` is added to its environment (e.g. KAUNTER_BASE_URL), which it
 * inherits from tauri-driver. `application` replaces the binary (e.g. a script that sets what
 * only the app, not the drivers, may see). Resolves once the UI has rendered its header.
 */
export async function launch({ home = freshHome(), env = {}, application = APP } = {}) {
  try {
    return await launchOnce(home, env, application);
  } catch (err) {
    // tauri-driver now and then drops the connection that asks for the session, before any
    // app has started (its WebKitWebDriver not yet up on the native port). Only that is tried
    // again, once, after making sure no app of this home runs.
    if (!/UND_ERR_SOCKET|ECONNRESET/.test(String(err)) || !/\/session"? with method "POST"/.test(String(err))) throw err;
    killAppsOf(home);
    return launchOnce(home, env, application);
  }
}

async function launchOnce(home, env, application) {
  // A Kaunter still on the bus would take this launch over and the session would fail.
  if (!(await untilNoInstance(10_000))) throw new Error(`a Kaunter instance still holds ${INSTANCE_BUS_NAME}`);
  const [port, nativePort] = [await freePort(), await freePort()];
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: appEnv(home, env),
    // The app's log and the drivers' errors, beside the HOME (not in it: the secret
    // scan covers what the app writes, not what the test harness records).
    stdio: ["ignore", "ignore", openSync(`${home}.log`, "a")],
  });
  try {
    await waitForPort(port, driver);
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryCount: 0,
      capabilities: { "tauri:options": { application } },
    });
    await browser.$(".env-badge").waitForExist({ timeout: 20_000 });
    return new App(browser, driver, home);
  } catch (err) {
    driver.kill();
    throw err;
  }
}

export class App {
  constructor(browser, driver, home) {
    this.browser = browser;
    this.driver = driver;
    this.home = home;
  }

  async close() {
    // Ending the session quits the app; then the driver has nothing left to serve.
    await this.browser.deleteSession().catch(() => {});
    if (this.driver.exitCode === null) {
      const exited = once(this.driver, "exit");
      this.driver.kill();
      await exited;
    }
    // The app is single-instance over the D-Bus session every scenario shares: the next
    // launch would hand over to this one and quit if it were still on the bus. One that
    // outlives its session (the driver lost it) is ended, so it cannot take the next
    // scenario's launch.
    if (!(await untilNoInstance(10_000))) {
      killAppsOf(this.home);
      if (!(await untilNoInstance(10_000))) throw new Error(`a Kaunter instance still holds ${INSTANCE_BUS_NAME}`);
    }
  }
}

function killAppsOf(home) {
  for (const pid of appsOfHome(home)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

/** The pids of Kaunter processes running with `home` as their HOME. */
function appsOfHome(home) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A binary rebuilt while it runs reads as "… (deleted)".
      if (readlinkSync(`/proc/${entry}/exe`).replace(/ \(deleted\)$/, "") !== APP) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (environ.includes(`HOME=${home}`)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/** The single-instance plugin's name on the session bus (from the app's identifier). */
export const INSTANCE_BUS_NAME = "my.kaunter.desktop.SingleInstance";

/** Whether a Kaunter instance holds its name on the session bus. */
export function instanceRunning() {
  const reply = spawnSync("dbus-send", [
    "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
    "org.freedesktop.DBus.NameHasOwner", `string:${INSTANCE_BUS_NAME}`,
  ], { encoding: "utf8" });
  if (reply.status !== 0) throw new Error(`dbus-send failed: ${reply.stderr}`);
  return /boolean true/.test(reply.stdout);
}

/** Waits up to `ms` for the bus name to be free; whether it is. */
async function untilNoInstance(ms) {
  const deadline = Date.now() + ms;
  while (instanceRunning()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
