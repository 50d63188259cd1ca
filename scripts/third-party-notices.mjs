// Prints THIRD-PARTY-NOTICES: every crate linked into the shipped programs (kaunter-app and
// the kaunter CLI: normal dependencies, every platform, no build or dev dependencies) and
// every npm package bundled into the UI (ui/package-lock.json without dev packages), each
// with its version and declared license, from the lockfile's versions (`--locked`). Every
// platform's crates are read, so those a Linux build never downloads (Windows', Android's)
// are fetched from the registry on first use.
//
//   node scripts/third-party-notices.mjs > target/release/THIRD-PARTY-NOTICES
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const SHIPPED = ["kaunter-app", "kaunter"];

const meta = JSON.parse(
  execFileSync("cargo", ["metadata", "--format-version", "1", "--locked"], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  }),
);
const byId = new Map(meta.packages.map((p) => [p.id, p]));
const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
const workspace = new Set(meta.workspace_members);

const seen = new Set();
const stack = meta.packages.filter((p) => workspace.has(p.id) && SHIPPED.includes(p.name)).map((p) => p.id);
if (stack.length !== SHIPPED.length) throw new Error(`workspace lacks one of ${SHIPPED.join(", ")}`);
while (stack.length) {
  const id = stack.pop();
  if (seen.has(id)) continue;
  seen.add(id);
  for (const dep of nodes.get(id)?.deps ?? []) {
    // kind null is a normal dependency; "build" and "dev" never reach the installed programs.
    if (dep.dep_kinds.some((k) => k.kind === null)) stack.push(dep.pkg);
  }
}
const crates = [...seen]
  .filter((id) => !workspace.has(id))
  .map((id) => byId.get(id))
  .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));

const lock = JSON.parse(readFileSync(join(ROOT, "ui/package-lock.json"), "utf8"));
const npm = Object.entries(lock.packages)
  .filter(([path, p]) => path && !p.dev)
  .map(([path, p]) => ({ name: path.replace(/^.*node_modules\//, ""), version: p.version, license: p.license }))
  .sort((a, b) => a.name.localeCompare(b.name));

const line = (name, version, license, where) =>
  `${name} ${version} | ${license ?? "see its package (no license field)"}${where ? ` | ${where}` : ""}`;
const out = [
  "Third-party software in Kaunter",
  "",
  "Kaunter itself is under the MIT license (LICENSE). It includes the software below, each",
  "under its own license as declared by its authors (name version | license | source).",
  "",
  `Rust crates in kaunter-app and the kaunter CLI (${crates.length}, all platforms):`,
  "",
  ...crates.map((c) => line(c.name, c.version, c.license ?? (c.license_file && `file ${c.license_file}`), c.repository)),
  "",
  `JavaScript packages in the user interface (${npm.length}):`,
  "",
  ...npm.map((p) => line(p.name, p.version, p.license)),
  "",
];
process.stdout.write(out.join("\n"));
