// Runs the tauri CLI on the app in src-tauri, on every platform (`node scripts/tauri.mjs build …`).
//
// The one app config is /tauri.conf.json, at the repository root as the project's layout requires.
// The tauri CLI reads its config only from the app's folder, so this writes a copy there first
// (ignored by git; src-tauri/build.rs keeps it current for plain cargo builds too). A copy and not a
// symlink: Git for Windows checks symlinks out as text files unless Developer Mode is on. The
// config's relative paths are written from src-tauri, where every reader resolves them.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const APP = join(ROOT, "src-tauri");
const config = readFileSync(join(ROOT, "tauri.conf.json"));
const copy = join(APP, "tauri.conf.json");
let current = null;
try {
  current = readFileSync(copy);
} catch {
  // no copy yet: written below
}
if (current === null || !current.equals(config)) writeFileSync(copy, config);

const args = process.argv.slice(2);
if (process.platform === "win32" && args[0] === "build" && !args.includes("--no-bundle")) {
  // The Windows installers carry the CLI and the notices as resources, installed beside the app's
  // .exe. tauri-build copies resources while it compiles the app, so they must exist before that:
  // made here, not by beforeBundleCommand (which runs later), and only for packaging builds, so a
  // plain cargo build never depends on the CLI. Untested: no Windows machine here.
  const extras = spawnSync(process.execPath, [join(ROOT, "scripts/bundle-extras.mjs")], { stdio: "inherit" });
  if (extras.status !== 0) process.exit(extras.status ?? 1);
  const resources = {
    "../target/release/kaunter.exe": "kaunter.exe",
    "../target/release/THIRD-PARTY-NOTICES": "THIRD-PARTY-NOTICES.txt",
  };
  args.push("--config", JSON.stringify({ bundle: { resources } }));
}

const cli = join(ROOT, "ui/node_modules/@tauri-apps/cli/tauri.js");
const run = spawnSync(process.execPath, [cli, ...args], {
  stdio: "inherit",
  env: { ...process.env, TAURI_APP_PATH: APP },
});
if (run.error) throw run.error;
process.exit(run.status ?? 1);
