// The simulator as its own process (`target/debug/iimmpact-sim`), so a scenario can read
// its ledger and inject faults through the unauthenticated `/_sim/` API while the app
// talks to it like to IIMMPACT.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { ROOT } from "./paths.js";
import { join } from "node:path";

export const SIM_BIN = process.env.KAUNTER_SIM ?? join(ROOT, "target/debug/iimmpact-sim");

/**
 * Starts a simulator on a free port. `flags` are its command-line options without the
 * dashes, e.g. `{ "processing-delay-ms": 10000 }`; `secret` goes through the environment,
 * as its `--help` advises, to keep it off the process list.
 */
export async function startSim({ flags = {}, secret } = {}) {
  const args = ["--port", "0"];
  for (const [name, value] of Object.entries(flags)) args.push(`--${name}`, String(value));
  const env = { ...process.env };
  if (secret !== undefined) env.IIMMPACT_SIM_SECRET = secret;
  const child = spawn(SIM_BIN, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`iimmpact-sim exited (${code}) before printing its base URL`);
  });
  const lines = createInterface({ input: child.stdout });
  const [baseUrl] = await Promise.race([once(lines, "line"), exited]);
  exited.catch(() => {});
  return new Sim(child, baseUrl);
}

export class Sim {
  constructor(child, baseUrl) {
    this.child = child;
    /** What the app is pointed at: `http://127.0.0.1:PORT/v2`. */
    this.baseUrl = baseUrl;
    this.origin = new URL(baseUrl).origin;
  }

  async get(path) {
    const r = await fetch(`${this.origin}/_sim/${path}`);
    if (!r.ok) throw new Error(`GET /_sim/${path}: ${r.status} ${await r.text()}`);
    return r.json();
  }

  async post(path, body) {
    const r = await fetch(`${this.origin}/_sim/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`POST /_sim/${path}: ${r.status} ${await r.text()}`);
    return r.json();
  }

  /** Net debits the simulator recorded for one refid. */
  async charges(refid) {
    return (await this.get(`charges/${encodeURIComponent(refid)}`)).charges;
  }

  /** The `extras` the payment of `refid` reached the simulator with (`{}` for none, `null` for no such payment). */
  async extras(refid) {
    return (await this.get(`extras/${encodeURIComponent(refid)}`)).extras;
  }

  ledger() {
    return this.get("ledger");
  }

  /** API requests seen on one path, e.g. `/v2/topup`. */
  async requests(path) {
    return (await this.get("stats")).requests_per_path[path] ?? 0;
  }

  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.kill("SIGINT");
    await exited;
  }
}
