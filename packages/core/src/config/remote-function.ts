import { type Either, map, right } from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { App, RemoteFunctionConfig } from "../codecs/app";
import type { CancelOnConfig, FunctionConfig, RemoteFunction, TriggerConfig } from "../sdk/types";
import { type ConfigError, validateFunction } from "./validate-function";

/**
 * A synced function as the engine runs it: its stored config validated as `createFunction`
 * validates an in-process one (the same rules, the same errors), and the URL it is served at.
 */
export const remoteFunction = (
  appId: string,
  stored: RemoteFunctionConfig,
): Either<ConfigError, RemoteFunction> => {
  const config: FunctionConfig = {
    id: stored.id,
    name: stored.name,
    ...(stored.retries === null ? {} : { retries: stored.retries }),
    cancelOn: stored.cancelOn.map(
      (entry): CancelOnConfig => ({
        event: entry.event,
        ...(entry.if === null ? {} : { if: entry.if }),
        ...(entry.timeout === null ? {} : { timeout: entry.timeout }),
      }),
    ),
    ...(stored.timeouts === undefined ? {} : { timeouts: stored.timeouts }),
    ...(stored.singleton === undefined ? {} : { singleton: stored.singleton }),
  };
  const toTrigger = (
    trigger: { event: string; if: string | null } | { cron: string },
  ): TriggerConfig =>
    "cron" in trigger
      ? { cron: trigger.cron }
      : { event: trigger.event, ...(trigger.if === null ? {} : { if: trigger.if }) };
  const more = stored.moreTriggers ?? [];
  const trigger: TriggerConfig | TriggerConfig[] =
    more.length === 0 ? toTrigger(stored.trigger) : [stored.trigger, ...more].map(toTrigger);
  return pipe(
    validateFunction(appId, config, trigger),
    map((validated) => ({
      ...validated,
      appId,
      config,
      triggerConfig: trigger,
      remote: { url: stored.url },
    })),
  );
};

/** Every function of an app, or the first that does not validate. */
export const remoteFunctions = (app: App): Either<ConfigError, RemoteFunction[]> => {
  const functions: RemoteFunction[] = [];
  for (const stored of app.functions) {
    const fn = remoteFunction(app.id, stored);
    if (fn._tag === "Left") return fn;
    functions.push(fn.right);
  }
  return right(functions);
};
