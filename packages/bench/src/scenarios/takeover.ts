import { parseDuration } from "@quell/core";
import { renewalInterval } from "@quell/engine";
import { startBenchRedis } from "../redis/server";
import { type TakeoverSample, takeoverSample } from "../takeover/sample";
import type { Row, ScenarioResult } from "../types";

/** Leases to measure (`--lease`), and samples per lease. */
export interface TakeoverSettings {
  readonly leases: readonly string[];
  readonly samples: number;
}

const max = (samples: readonly TakeoverSample[], pick: (s: TakeoverSample) => number): number =>
  Math.max(...samples.map(pick));

/**
 * Takeover after SIGKILL (issue 10, item 4): for each lease, `samples` times, a worker dies
 * holding the events lock and runs in flight (see takeover/sample.ts). The rows are the worst
 * sample; the notes give every sample, and how long after the lease (or lock) expired the
 * surviving worker acted.
 */
export const takeoverTask = async (settings: TakeoverSettings): Promise<ScenarioResult> => {
  const redis = await startBenchRedis();
  const rows: Row[] = [];
  const notes: string[] = [
    "takeover_*: quell start --no-workers + 2 quell workers (default --poll 1s) on a private redis-server; ms from SIGKILL of the worker holding the events lock and 2 runs in flight",
  ];
  try {
    let namespace = 0;
    for (const lease of settings.leases) {
      const leaseMs = parseDuration(lease);
      if (leaseMs._tag === "Left") throw new Error(`takeover: ${leaseMs.left}`);
      const renewal = renewalInterval(leaseMs.right);
      const samples: TakeoverSample[] = [];
      for (let i = 0; i < settings.samples; i++) {
        namespace += 1;
        samples.push(await takeoverSample(redis.url, `takeover${namespace}:`, lease));
      }
      const label = `lease_${lease}`;
      const unit = `ms after SIGKILL (worst of ${samples.length}; --lease ${lease})`;
      const worst = max(samples, (s) =>
        Math.max(s.stepRerunMs, s.cancelEventMs, s.cancelledEndedMs),
      );
      rows.push(
        {
          name: `takeover_step_rerun_ms_${label}`,
          value: max(samples, (s) => s.stepRerunMs),
          unit,
        },
        {
          name: `takeover_cancel_event_ms_${label}`,
          value: max(samples, (s) => s.cancelEventMs),
          unit,
        },
        {
          name: `takeover_cancelled_ended_ms_${label}`,
          value: max(samples, (s) => s.cancelledEndedMs),
          unit,
        },
        {
          name: `takeover_worst_renewals_${label}`,
          value: Number((worst / renewal).toFixed(2)),
          unit: `renewal intervals (${renewal} ms = lease/2)`,
        },
      );
      for (const s of samples) {
        notes.push(
          `takeover --lease ${lease}: step re-run ${s.stepRerunMs} ms (lease had ${s.leaseLeftMs} ms left: +${s.stepRerunMs - s.leaseLeftMs} ms), ` +
            `cancel event ${s.cancelEventMs} ms (lock had ${s.lockLeftMs} ms left, ${s.backlog} events pending ahead), ` +
            `cancelled run ended ${s.cancelledEndedMs} ms`,
        );
      }
    }
  } finally {
    await redis.stop();
  }
  return { rows, points: [], notes };
};
