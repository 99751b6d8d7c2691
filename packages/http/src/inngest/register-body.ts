import * as t from "io-ts";

// The body the official SDK posts to `POST /fn/register` (INNGEST-PROTOCOL.md §3.2), as far as
// Quell reads it. Unknown keys are ignored (v4 adds `featureObservations`, later versions may add
// more); the options Quell does not implement are read as `unknown` so the mapping can name them.

/** A trigger: an event with an optional CEL `expression`, or a cron schedule. */
export const SdkTrigger = t.partial({ event: t.string, expression: t.string, cron: t.string });
export type SdkTrigger = t.TypeOf<typeof SdkTrigger>;

/** A `cancelOn` entry as the SDK sends it (`match` already rewritten to `if`). */
export const SdkCancel = t.intersection([
  t.type({ event: t.string }),
  t.partial({ if: t.string, timeout: t.string }),
]);
export type SdkCancel = t.TypeOf<typeof SdkCancel>;

export const SdkStep = t.intersection([
  t.type({ runtime: t.type({ url: t.string }) }),
  t.partial({ retries: t.partial({ attempts: t.number }) }),
]);
export type SdkStep = t.TypeOf<typeof SdkStep>;

/** Function options Quell does not implement (yet): present means refused. */
export const UNSUPPORTED_OPTIONS = [
  "concurrency",
  "throttle",
  "rateLimit",
  "debounce",
  "batchEvents",
  "priority",
  "idempotency",
] as const;

export const SdkFunction = t.intersection([
  t.type({
    /** The slug: `<app id>-<function id>`. */
    id: t.string,
    triggers: t.array(SdkTrigger),
    steps: t.record(t.string, SdkStep),
  }),
  t.partial({
    name: t.string,
    cancel: t.array(SdkCancel),
    concurrency: t.unknown,
    throttle: t.unknown,
    rateLimit: t.unknown,
    debounce: t.unknown,
    batchEvents: t.unknown,
    priority: t.unknown,
    idempotency: t.unknown,
    timeouts: t.partial({ start: t.string, finish: t.string }),
    singleton: t.intersection([
      t.type({ mode: t.keyof({ skip: null, cancel: null }) }),
      t.partial({ key: t.string }),
    ]),
  }),
]);
export type SdkFunction = t.TypeOf<typeof SdkFunction>;

export const RegisterBody = t.intersection([
  t.type({
    /** The app's serve URL (with the PUT's query, `deployId` among it). */
    url: t.string,
    /** The app's id (the SDK client's `id`). */
    appName: t.string,
    functions: t.array(SdkFunction),
  }),
  t.partial({ sdk: t.string, framework: t.string, deployId: t.string }),
]);
export type RegisterBody = t.TypeOf<typeof RegisterBody>;
