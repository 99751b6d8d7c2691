import { Cron } from "croner";
import { type Either, left, right } from "fp-ts/lib/Either.js";

/**
 * A validated cron trigger: the source as written (`"TZ=Europe/Paris 0 3 * * *"`), its time
 * zone (null: UTC) and five-field expression, and the parsed schedule. Parsing and the date
 * arithmetic (time zones, daylight saving) are croner's; nothing here reads the clock: every
 * question takes the time it is asked about.
 */
export interface CronSchedule {
  readonly source: string;
  readonly timezone: string | null;
  readonly expression: string;
  readonly cron: Cron;
}

// The seeds' system writes a time zone as a `TZ=<IANA name> ` prefix (also `CRON_TZ=`).
const TZ_PREFIX = /^(?:CRON_)?TZ=(\S+)\s+(.+)$/;

/**
 * Parse a cron trigger: five fields (minute, hour, day of month, month, day of week, or a
 * nickname such as `@daily`), optionally after `TZ=<zone> `. Left: why not, for people.
 *
 * @example
 * parseCronSchedule("TZ=Europe/Paris 0 3 * * *"); // right({ timezone: "Europe/Paris", ... })
 */
export const parseCronSchedule = (source: string): Either<string, CronSchedule> => {
  const trimmed = source.trim();
  const zoned = TZ_PREFIX.exec(trimmed);
  const timezone = zoned?.[1] ?? null;
  const expression = (zoned?.[2] ?? trimmed).trim();
  if (expression.length === 0) return left("cron expression is empty");
  let cron: Cron;
  try {
    cron = new Cron(expression, {
      mode: "5-part",
      paused: true,
      ...(timezone === null ? { timezone: "Etc/UTC" } : { timezone }),
    });
    // An unknown time zone only shows when a date is computed; a date that never comes
    // (`0 0 30 2 *`) shows as no next time.
    if (cron.nextRun(new Date(0)) === null) {
      return left(`cron "${expression}" never matches a date`);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return left(
      timezone !== null && /timezone/i.test(reason)
        ? `unknown time zone "${timezone}" (use an IANA name such as Europe/Paris)`
        : `invalid cron "${expression}": ${reason.replace(/^CronPattern: /, "")}`,
    );
  }
  return right({ source, timezone, expression, cron });
};

/** The first tick strictly after `after` (epoch ms), or null if the schedule has no more. */
export const nextCronTime = (schedule: CronSchedule, after: number): number | null =>
  schedule.cron.nextRun(new Date(after))?.getTime() ?? null;

/** The last tick at or before `atOrBefore` (epoch ms), or null if there was none. */
export const previousCronTime = (schedule: CronSchedule, atOrBefore: number): number | null =>
  // croner counts a tick earlier in the same second as the reference: one ms later includes
  // a tick at exactly `atOrBefore`.
  schedule.cron.previousRuns(1, new Date(atOrBefore + 1))[0]?.getTime() ?? null;
