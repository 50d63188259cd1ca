import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** The app built with its UI embedded (`tauri build --debug --no-bundle`). */
export const APP = process.env.KAUNTER_APP ?? join(ROOT, "target/debug/kaunter-app");
/** Screenshots of the runs land here; scripts/e2e.sh may point it elsewhere. */
export const SHOTS = process.env.KAUNTER_SHOTS ?? join(ROOT, "docs/screenshots");
