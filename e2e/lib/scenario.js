// One scenario's world: its own simulator process and the app pointed at it, both
// stopped however the scenario ends.
import { launch } from "./app.js";
import { startSim } from "./sim.js";

/** Starts a simulator (`simFlags`) and the app in a fresh HOME with KAUNTER_BASE_URL at it. */
export async function withSimulator(simFlags = {}) {
  const sim = await startSim({ flags: simFlags });
  try {
    const app = await launch({ env: { KAUNTER_BASE_URL: sim.baseUrl } });
    return {
      sim,
      app,
      browser: app.browser,
      async close() {
        try {
          await app.close();
        } finally {
          await sim.stop();
        }
      },
    };
  } catch (err) {
    await sim.stop();
    throw err;
  }
}
