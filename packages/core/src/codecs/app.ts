import * as t from "io-ts";

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/**
 * A function an SDK app serves, in Quell's own terms (what the sync mapped the SDK's config
 * to): `createFunction`'s config and trigger, plus the URL the app serves it at. Stored with
 * its app; every process builds the function from it (`remoteFunctions`).
 */
const EventTriggerConfig = t.type({ event: t.string, if: nullable(t.string) });
/** An event trigger with its filter, or a cron schedule (`TZ=<zone> ` prefix allowed). */
const TriggerConfig = t.union([EventTriggerConfig, t.type({ cron: t.string })]);

export const RemoteFunctionConfig = t.intersection([
  t.type({
    /** The function's id within its app: its slug without `<app id>-`. */
    id: t.string,
    name: t.string,
    /** A retry count; null: Quell's default. */
    retries: nullable(t.number),
    /** Its first trigger. */
    trigger: TriggerConfig,
    cancelOn: t.array(
      t.type({ event: t.string, if: nullable(t.string), timeout: nullable(t.string) }),
    ),
    /** Where the app runs it: `…?fnId=<slug>&stepId=step` (INNGEST-PROTOCOL.md §3.2). */
    url: t.string,
  }),
  t.partial({
    /** Its triggers after the first. */
    moreTriggers: t.array(TriggerConfig),
    /** `timeouts` as the SDK sent them (durations). */
    timeouts: t.partial({ start: t.string, finish: t.string }),
    /** `singleton` as the SDK sent it. */
    singleton: t.intersection([
      t.type({ mode: t.keyof({ skip: null, cancel: null }) }),
      t.partial({ key: t.string }),
    ]),
  }),
]);
export type RemoteFunctionConfig = t.TypeOf<typeof RemoteFunctionConfig>;

/**
 * An app synced by the official SDK (`POST /fn/register`), stored by id: every process sharing
 * the store runs its functions. A sync replaces the whole record.
 */
export const App = t.type({
  id: t.string,
  /** The serve URL the app reported, without `deployId`. */
  url: t.string,
  /** `js:v4.24.0`: the SDK and its version. */
  sdk: t.string,
  framework: nullable(t.string),
  functions: t.array(RemoteFunctionConfig),
  /** When the configuration now stored was synced (a sync that changes nothing leaves it). */
  syncedAt: t.number,
  /** Why the last sync was refused (the functions stay those of the last good one); null if it was not. */
  error: nullable(t.string),
});
export type App = t.TypeOf<typeof App>;
