// Run by `tauri build` between compiling the app and bundling it (build.beforeBundleCommand in
// tauri.conf.json): builds the kaunter CLI in release, which the .deb and .rpm install as
// /usr/bin/kaunter beside the app, and writes target/release/THIRD-PARTY-NOTICES, which every
// package carries. Node rather than a shell script, so that it runs on every build platform.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
execFileSync("cargo", ["build", "--release", "-p", "kaunter-cli", "--bin", "kaunter"], { cwd: ROOT, stdio: "inherit" });
const notices = execFileSync("node", [join(ROOT, "scripts/third-party-notices.mjs")], {
  cwd: ROOT,
  maxBuffer: 64 * 1024 * 1024,
});
mkdirSync(join(ROOT, "target/release"), { recursive: true });
writeFileSync(join(ROOT, "target/release/THIRD-PARTY-NOTICES"), notices);
