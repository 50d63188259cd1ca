// Measures the release app as a user meets it and prints each figure beside the bare Tauri
// app's from ../shared/notes/tauri-on-debian12.md. Run through scripts/bench-app.sh, which
// builds first and provides the display (Xvfb) and the keychain (a private D-Bus session).
//
// Launch: exec -> the counter's first painted frame. The UI calls `first_paint` after a
// double requestAnimationFrame once the counter is on screen; with KAUNTER_MEASURE=1 the
// shell prints epoch microseconds to stderr, and this script subtracts its own exec stamp.
// Memory: RSS and PSS (smaps_rollup) of the app and every process under it (WebKit's web and
// network processes) 3 s after the first paint, and 3 s and 30 s after each of several
// 20,000-row statement exports that WebDriver drives through one window's export screen.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = resolve(import.meta.dirname, "..");
const APP = realpathSync(join(ROOT, "target/release/kaunter-app"));
const SIM = join(ROOT, "target/release/iimmpact-sim");
const DEB = process.env.KAUNTER_DEB;
const LAUNCHES = Number(process.env.KAUNTER_BENCH_LAUNCHES ?? 5);
// KAUNTER_BENCH_ROWS=1000000 KAUNTER_BENCH_PAGE=1000 shows the app's memory flat at a million
// rows: 1,000 pages, about two minutes an export at the app's default budget. The simulator
// serves pages of at most 100 rows (the API's default page) unless told otherwise.
const EXPORT_ROWS = Number(process.env.KAUNTER_BENCH_ROWS ?? 20_000);
const MAX_PAGE = process.env.KAUNTER_BENCH_PAGE;
// Exports in one window: a single one lands wherever the collector happens to run.
const EXPORTS = Number(process.env.KAUNTER_BENCH_EXPORTS ?? 5);
const SETTLE_MS = 3_000; // the notes measured memory 3 s after paint
const RETAINED_MS = 30_000; // after an export: what is still held then, the export kept

// The bare Tauri app (probe-app), release build, same machine: the notes' "Release app at
// runtime" table (default env) and "Measured times and sizes". Ranges are [low, high].
const BARE = {
  firstPaintMs: { median: 513, range: [460, 589] },
  rssMiB: [423, 431],
  pssMiB: [255, 261],
  binary: 9_758_304,
  binaryStripped: 7_107_504,
  deb: 3_041_078,
  installedKiB: 9_626,
};

const MiB = 1024 * 1024;
const nowMs = () => performance.timeOrigin + performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mid = ([lo, hi]) => (lo + hi) / 2;
/** Today in Malaysia (GMT+8), the day the export screen offers by default. */
const todayGmt8 = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on("error", fail);
  });
}

async function until(what, ms, probe) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

// ---- processes and memory (from /proc) ----

function procs() {
  const all = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // Fields after the parenthesised comm, which may itself hold spaces.
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${d}/exe`);
      } catch {}
      all.push({ pid: Number(d), ppid, exe });
    } catch {} // the process ended while we looked
  }
  return all;
}

function tree(rootPid) {
  const all = procs();
  const out = [];
  const walk = (pid) => {
    const p = all.find((q) => q.pid === pid);
    if (p) out.push(p);
    for (const c of all.filter((q) => q.ppid === pid)) walk(c.pid);
  };
  walk(rootPid);
  return out;
}

function kib(file, field) {
  const m = readFileSync(file, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** RSS, PSS and peak RSS (VmHWM) in bytes of the app and everything under it, by program name. */
function memory(appPid) {
  const parts = {};
  for (const p of tree(appPid)) {
    const name = p.exe.split("/").pop() || String(p.pid);
    try {
      const rss = kib(`/proc/${p.pid}/status`, "VmRSS");
      const pss = kib(`/proc/${p.pid}/smaps_rollup`, "Pss");
      const hwm = kib(`/proc/${p.pid}/status`, "VmHWM");
      const part = (parts[name] ??= { rss: 0, pss: 0, hwm: 0 });
      part.rss += rss;
      part.pss += pss;
      part.hwm += hwm;
    } catch {}
  }
  const total = Object.values(parts).reduce((t, p) => ({ rss: t.rss + p.rss, pss: t.pss + p.pss }), { rss: 0, pss: 0 });
  return { total, parts };
}

const part = (m, name) => m.parts[name] ?? { rss: 0, pss: 0, hwm: 0 };
const web = (m) => part(m, "WebKitWebProcess");
const fmtParts = ({ parts }) =>
  Object.entries(parts)
    .map(([n, p]) => `${n} ${(p.rss / MiB).toFixed(0)}`)
    .join(" + ");

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((ok) => child.once("exit", ok));
  child.kill("SIGTERM");
  if ((await Promise.race([gone.then(() => true), sleep(5000).then(() => false)])) === false) {
    child.kill("SIGKILL");
    await gone;
  }
}

// ---- the simulator: the export's statement entries today, so the export screen's default day has them ----

async function startSimulator() {
  const pages = MAX_PAGE ? ["--max-page-size", MAX_PAGE] : [];
  const sim = spawn(SIM, ["--history-entries", String(EXPORT_ROWS), "--history-days", "1", "--history-end", todayGmt8(), ...pages], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((ok, fail) => {
    let buf = "";
    sim.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) ok(buf.split("\n")[0].trim());
    });
    sim.once("exit", (code) => fail(new Error(`iimmpact-sim exited (${code}) before printing its URL`)));
  });
  return { sim, url };
}

// ---- launches ----

async function launch(env) {
  const t0 = nowMs();
  const app = spawn(APP, [], { env: { ...process.env, ...env, KAUNTER_MEASURE: "1" }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  app.stderr.on("data", (d) => (stderr += d));
  try {
    const paintedUs = await until("the first-paint stamp", 30_000, async () => {
      if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode}) before painting:\n${stderr}`);
      const m = stderr.match(/kaunter-measure first-paint (\d+)/);
      return m && Number(m[1]);
    });
    await sleep(SETTLE_MS);
    return { paintMs: paintedUs / 1000 - t0, mem: memory(app.pid) };
  } finally {
    await stop(app);
  }
}

// ---- the export, driven through the window by WebDriver (tauri-driver + WebKitWebDriver) ----

class WebDriver {
  constructor(port) {
    this.base = `http://127.0.0.1:${port}`;
  }
  async call(method, path, body) {
    // fetch keeps the connection alive: tauri-driver breaks on clients sending `Connection: close`.
    const r = await fetch(this.base + path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json.value)}`);
    return json.value;
  }
  async open(application) {
    const v = await this.call("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application } } } });
    this.s = `/session/${v.sessionId}`;
  }
  run(script, args = []) {
    return this.call("POST", `${this.s}/execute/sync`, { script, args });
  }
  async find(css) {
    const v = await this.call("POST", `${this.s}/element`, { using: "css selector", value: css });
    return Object.values(v)[0];
  }
  async has(css) {
    return this.run("return document.querySelector(arguments[0]) !== null", [css]);
  }
  close() {
    return this.call("DELETE", this.s).catch(() => {});
  }
}

function appPidUnder(rootPid) {
  const p = tree(rootPid).find((q) => q.exe === APP);
  return p?.pid;
}

/**
 * Drives `EXPORTS` statement exports of `EXPORT_ROWS` rows through one window and measures memory around
 * each. While an export runs, the bench does not touch the page: each WebDriver script is
 * evaluated in the web process, and WebKit keeps memory for evaluated scripts, so polling the
 * page for the summary (every 100 ms for 20 s) was part of the growth it used to report. It
 * watches the file instead, which the core renames into place only when the export is done, and
 * then asks the page once for the summary.
 */
async function exportThroughTheWindow(env, outDir) {
  const port = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(await freePort())], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const wd = new WebDriver(port);
  try {
    await until("tauri-driver", 20_000, () => fetch(`${wd.base}/status`).then(() => true, () => false));
    await wd.open(APP);
    await until("the counter screen", 30_000, () => wd.has(".screen"));
    const appPid = await until("the app process", 5_000, () => appPidUnder(driver.pid));
    await sleep(SETTLE_MS);
    const before = memory(appPid);

    await wd.run("window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F3', bubbles: true }))");
    await until("the export screen", 10_000, () => wd.has("#export-path"));
    const rounds = [];
    for (let i = 0; i < EXPORTS; i++) {
      const file = join(outDir, `statement_${todayGmt8()}_${i + 1}.csv`);
      if (i === 0) {
        // As a cashier would, key by key.
        const path = await wd.find("#export-path");
        await wd.call("POST", `${wd.s}/element/${path}/clear`, {});
        await wd.call("POST", `${wd.s}/element/${path}/value`, { text: file });
      } else {
        // One script instead of a keystroke per character: WebDriver's typing grows the web
        // process by more than an export does, and would blur the next export's figure.
        await wd.run(
          "const e = document.querySelector('#export-path'); e.value = arguments[0]; e.dispatchEvent(new Event('input', { bubbles: true }))",
          [file],
        );
      }
      // The screen's first opening and WebDriver's keystrokes cost the web process memory of their
      // own (docs/measurements.md); the export's own growth is taken from here, the click.
      await sleep(SETTLE_MS);
      const ready = memory(appPid);
      const submit = await wd.find(".export-form button.primary");
      const t0 = nowMs();
      await wd.call("POST", `${wd.s}/element/${submit}/click`, {});
      await until("the export's file", 300_000, () => existsSync(file));
      const exportMs = nowMs() - t0;
      const status = await until("the export's summary", 10_000, () =>
        wd.run(
          "const e = document.querySelector('.export-status'); return e && !e.querySelector('.progress') && e.innerText.trim() ? { done: !!e.querySelector('.summary'), text: e.innerText } : null",
        ),
      );
      if (!status.done) throw new Error(`the export failed: ${status.text}`);
      await sleep(SETTLE_MS);
      const after = memory(appPid);
      // Anything the export freed late has had time to go back to the system by then.
      await sleep(RETAINED_MS - SETTLE_MS);
      const later = memory(appPid);
      const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).length;
      rounds.push({ ready, after, later, exportMs, rows: lines - 1, bytes: statSync(file).size });
    }
    return { before, rounds };
  } finally {
    await wd.close();
    await stop(driver);
  }
}

// ---- report ----

function row(measure, kaunter, bare, diff) {
  console.log(`${measure.padEnd(44)} ${kaunter.padStart(22)} ${bare.padStart(22)} ${diff.padStart(14)}`);
}
const mb = (b) => `${(b / MiB).toFixed(1)} MiB`;
const bytes = (b) => `${b.toLocaleString("en")} B`;
const signed = (x, unit, digits = 1) => `${x >= 0 ? "+" : ""}${x.toFixed(digits)} ${unit}`;

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), "kaunter-bench-"));
  const { sim, url } = await startSimulator();
  // Pointed at a simulator outside the app, as at a real IIMMPACT host: the app's memory
  // then holds no in-process Demo simulator.
  const env = { KAUNTER_BASE_URL: url };
  try {
    console.log(`release app: ${APP}; simulator ${url} with ${EXPORT_ROWS.toLocaleString("en")} statement entries on ${todayGmt8()}`);
    // Launch times move with whatever else the 2 cores are doing; the load says how busy they were.
    const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`load average at start: ${load()}`);
    await launch(env); // warm-up: creates the settings and journal, fills the page cache
    const runs = [];
    for (let i = 0; i < LAUNCHES; i++) {
      const r = await launch(env);
      console.log(`launch ${i + 1}: first paint ${r.paintMs.toFixed(0)} ms, RSS ${mb(r.mem.total.rss)} (${fmtParts(r.mem)} MiB), PSS ${mb(r.mem.total.pss)}`);
      runs.push(r);
    }
    const ex = await exportThroughTheWindow(env, outDir);
    ex.rounds.forEach((r, i) => {
      console.log(
        `export ${i + 1} through the window: ${r.rows.toLocaleString("en")} rows, ${bytes(r.bytes)} in ${(r.exportMs / 1000).toFixed(1)} s; ` +
          `path set ${mb(r.ready.total.rss)} (${fmtParts(r.ready)} MiB), 3 s after ${mb(r.after.total.rss)} (${fmtParts(r.after)} MiB), ` +
          `${RETAINED_MS / 1000} s after ${mb(r.later.total.rss)} (${fmtParts(r.later)} MiB)`,
      );
      if (r.rows !== EXPORT_ROWS) throw new Error(`export ${i + 1} wrote ${r.rows} rows, not ${EXPORT_ROWS}`);
    });
    const first = ex.rounds[0];
    const last = ex.rounds.at(-1);
    const webGrowth = (at) => ex.rounds.map((r) => (web(r[at]).rss - web(r.ready).rss) / MiB);
    const growthRow = (measure, at) => {
      const g = webGrowth(at);
      row(measure, `${g.map((x) => signed(x, "")).join(" ").trim()} MiB`, "at most 5 MiB", `max ${signed(Math.max(...g), "MiB")}`);
    };

    const paints = runs.map((r) => r.paintMs);
    const rss = median(runs.map((r) => r.mem.total.rss));
    const pss = median(runs.map((r) => r.mem.total.pss));
    const bin = statSync(APP).size;
    const stripped = join(outDir, "kaunter-app.stripped");
    execFileSync("strip", ["-o", stripped, APP]);
    const binStripped = statSync(stripped).size;

    console.log();
    row("measure (Kaunter vs bare Tauri)", "Kaunter", "bare Tauri (notes)", "difference");
    row(
      `exec -> first paint, median of ${LAUNCHES}`,
      `${median(paints).toFixed(0)} ms`,
      `${BARE.firstPaintMs.median} ms`,
      signed(median(paints) - BARE.firstPaintMs.median, "ms", 0),
    );
    row(
      "  range",
      `${Math.min(...paints).toFixed(0)}–${Math.max(...paints).toFixed(0)} ms`,
      `${BARE.firstPaintMs.range[0]}–${BARE.firstPaintMs.range[1]} ms`,
      "",
    );
    const bareRss = mid(BARE.rssMiB) * MiB;
    const barePss = mid(BARE.pssMiB) * MiB;
    row("RSS app + WebKit, after start (median)", mb(rss), `${BARE.rssMiB.join("–")} MiB`, signed((rss - bareRss) / MiB, "MiB"));
    row("PSS app + WebKit, after start (median)", mb(pss), `${BARE.pssMiB.join("–")} MiB`, signed((pss - barePss) / MiB, "MiB"));
    row(`RSS after ${EXPORTS} exports of ${EXPORT_ROWS.toLocaleString("en")} rows`, mb(last.later.total.rss), `${BARE.rssMiB.join("–")} MiB`, signed((last.later.total.rss - bareRss) / MiB, "MiB"));
    row(`PSS after ${EXPORTS} exports of ${EXPORT_ROWS.toLocaleString("en")} rows`, mb(last.later.total.pss), `${BARE.pssMiB.join("–")} MiB`, signed((last.later.total.pss - barePss) / MiB, "MiB"));
    row("  first export's growth, all processes (RSS)", signed((first.after.total.rss - ex.before.total.rss) / MiB, "MiB"), "", "");
    row("  web process: opening the screen, typing (RSS)", signed((web(first.ready).rss - web(ex.before).rss) / MiB, "MiB"), "", "");
    growthRow("  web process: an export, click → 3 s after (RSS)", "after");
    growthRow(`  web process: an export, click → ${RETAINED_MS / 1000} s after (RSS)`, "later");
    if (EXPORTS > 1) {
      // One export's figure moves with where the collector runs; what each export leaves behind
      // is the rise from the first export's end to the last's.
      const each = (web(last.later).rss - web(first.later).rss) / MiB / (EXPORTS - 1);
      row("  web process: left behind per export (RSS)", signed(each, "MiB", 2), "at most 5 MiB", signed(each - 5, "MiB", 2));
    }
    row("  app process: peak RSS (VmHWM) before → after the exports", `${mb(part(ex.before, basename(APP)).hwm)} → ${mb(part(last.later, basename(APP)).hwm)}`, "", "");
    row("  app process: an export (RSS)", ex.rounds.map((r) => signed((part(r.after, basename(APP)).rss - part(r.ready, basename(APP)).rss) / MiB, "")).join(" ").trim() + " MiB", "", "");
    row("release binary (profile strips symbols)", bytes(bin), bytes(BARE.binary), signed((bin - BARE.binary) / MiB, "MiB", 2));
    row("release binary, `strip`", bytes(binStripped), bytes(BARE.binaryStripped), signed((binStripped - BARE.binaryStripped) / MiB, "MiB", 2));
    const cli = join(ROOT, "target/release/kaunter");
    if (existsSync(cli)) row("kaunter CLI binary (in the .deb)", bytes(statSync(cli).size), "", "");
    if (DEB) {
      const deb = statSync(DEB).size;
      const installed = Number(execFileSync("dpkg-deb", ["-f", DEB, "Installed-Size"], { encoding: "utf8" }).trim());
      // Since the packages carry the kaunter CLI, the .deb holds two programs; the bare app's, one.
      row(".deb (app + kaunter CLI)", bytes(deb), bytes(BARE.deb), signed((deb - BARE.deb) / MiB, "MiB", 2));
      row(".deb Installed-Size", `${installed} KiB`, `${BARE.installedKiB} KiB`, signed(installed - BARE.installedKiB, "KiB", 0));
    }
    console.log(`\nload average at the end: ${load()}`);
    console.log("Bare Tauri ranges are the notes' (6 runs); differences are against their midpoints.");
  } finally {
    await stop(sim);
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench-app: ${err.message}`);
  process.exit(1);
});
