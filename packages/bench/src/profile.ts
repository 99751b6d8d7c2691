// `pnpm --filter @quell/bench profile <cancel|match|one-step|sleep-cancel> [pending]`: profile
// only the measured stretch of a scenario (the V8 sampling profiler, started and stopped around
// it), write bench/results/profiles/<target>.cpuprofile and print where the time goes.
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cancelled, created, oneStep, sleeper, TASK_REQUESTED } from "./fixtures";
import { startEngine } from "./harness/engine";
import { createPool } from "./harness/pool";
import { collectGarbage } from "./harness/timing";
import { type CpuProfile, formatHotSpots, summarizeProfile } from "./report/profile-summary";

const [target = "cancel", pendingArg = "100000"] = process.argv.slice(2);
const pending = Number(pendingArg);
const dir = fileURLToPath(new URL("../../../bench/results/profiles/", import.meta.url));

/** Set up, then return the stretch to profile; it is run once unprofiled first, to warm up. */
const prepare = async (): Promise<() => Promise<void>> => {
  switch (target) {
    case "cancel":
    case "match": {
      const { engine, store } = await startEngine([sleeper]);
      const pool = await createPool(store, sleeper, pending);
      const batch = target === "cancel" ? 100 : 1;
      // Warm-up and profiled stretch each cancel a quarter of the pending runs (no refill).
      const all = pool.take(Math.floor(pending / 2));
      const halves = [all.slice(0, all.length / 2), all.slice(all.length / 2)];
      return async () => {
        const targets = halves.shift() ?? [];
        for (let i = 0; i < targets.length; i += batch) {
          await engine.send(targets.slice(i, i + batch).map((t) => cancelled(t.index)));
        }
      };
    }
    case "one-step": {
      const { engine } = await startEngine([oneStep]);
      return async () => {
        for (let i = 0; i < 20_000; i += 500) {
          await engine.send(
            Array.from({ length: 500 }, (_, n) => ({ name: TASK_REQUESTED, data: { n } })),
          );
          await engine.idle();
        }
      };
    }
    case "sleep-cancel": {
      const { engine } = await startEngine([sleeper]);
      let offset = 0;
      return async () => {
        for (let i = offset; i < offset + 20_000; i += 500) {
          const range = Array.from({ length: 500 }, (_, n) => i + n);
          await engine.send(range.map(created));
          await engine.idle();
          await engine.send(range.map(cancelled));
          await engine.idle();
        }
        offset += 20_000;
      };
    }
    default:
      throw new Error(`unknown profile target ${target}`);
  }
};

const stretch = await prepare();
await stretch();
collectGarbage();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const started = performance.now();
await stretch();
const wallMs = performance.now() - started;
const { profile } = await session.post("Profiler.stop");
await mkdir(dir, { recursive: true });
const file = join(dir, `${target}.cpuprofile`);
await writeFile(file, JSON.stringify(profile));
const summary = summarizeProfile(profile as CpuProfile, 30);
console.log(`${target}: ${wallMs.toFixed(0)} ms profiled, written to ${file}\n`);
console.log(
  `self time\n${formatHotSpots(summary.self)}\n\ninclusive time\n${formatHotSpots(summary.inclusive)}`,
);
process.exit(0);
