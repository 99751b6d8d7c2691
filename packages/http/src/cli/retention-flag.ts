import { parseDuration, retentionMs } from "@quell/core";
import type { RetentionOptions } from "@quell/engine";
import { CliError } from "./client";

/** The default of `--retention`: docs/operations.md says why a week. */
export const DEFAULT_RETENTION = "7d";

/**
 * `--retention <duration>|off`: how long ended runs, ended bulk cancellations and events no run
 * needs are kept. "off" keeps everything (the store grows without bound).
 */
export const retentionFlag = (text: string): RetentionOptions | false => {
  if (text.trim().toLowerCase() === "off") return false;
  const ms = parseDuration(text);
  if (ms._tag === "Left") throw new CliError(`--retention: ${ms.left}, or "off"`);
  const checked = retentionMs("--retention", ms.right);
  if (checked._tag === "Left") throw new CliError(`--retention: ${checked.left.message}`);
  return { runsMs: checked.right, eventsMs: checked.right };
};
