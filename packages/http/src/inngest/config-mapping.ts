import type { RemoteFunctionConfig, SyncedApp } from "@quell/core";
import { type RegisterBody, type SdkFunction, UNSUPPORTED_OPTIONS } from "./register-body";

// The one place where the SDK's function config becomes Quell's (docs/inngest-sdk.md lists what
// is mapped and what is refused). Quell's own rules (ids, CEL, durations, retries 0–20, at most
// five cancelOn entries) are then checked by the core, as for in-process functions.

/** A sync as Quell stores it, and the first reason to refuse it (null: none found here). */
export interface MappedSync {
  readonly app: SyncedApp;
  readonly problem: string | null;
}

/** The URL without `deployId` (a deploy's id is not part of where the app is served). */
export const withoutDeployId = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has("deployId")) return url;
    parsed.searchParams.delete("deployId");
    return parsed.toString();
  } catch {
    return url;
  }
};

/** Why Quell cannot run this function as the SDK configured it, or null. */
const unsupported = (fn: SdkFunction): string | null => {
  for (const option of UNSUPPORTED_OPTIONS) {
    if (fn[option] !== undefined) return `${option} is not supported by Quell yet`;
  }
  if (fn.triggers.length === 0) return "triggers: a function needs an event trigger";
  for (const [index, trigger] of fn.triggers.entries()) {
    if (trigger.cron === undefined && trigger.event === undefined)
      return `triggers[${index}]: a trigger needs an event name or a cron schedule`;
  }
  const [trigger] = fn.triggers;
  if (trigger === undefined) return "triggers: a function needs an event trigger";
  // `onFailure` arrives as its own `<slug>-failure` function on `inngest/function.failed`, with
  // the expression that picks its function's failures: Quell runs it as any other function.
  if (fn.steps.step === undefined) return 'steps: the SDK sends the function\'s "step"';
  return null;
};

const toQuell = (appId: string, fn: SdkFunction): RemoteFunctionConfig => {
  const [trigger, ...more] = fn.triggers.map((t) =>
    t.cron !== undefined ? { cron: t.cron } : { event: t.event ?? "", if: t.expression ?? null },
  );
  const step = fn.steps.step;
  return {
    id: fn.id.slice(appId.length + 1),
    name: fn.name ?? fn.id.slice(appId.length + 1),
    retries: step?.retries?.attempts ?? null,
    trigger: trigger ?? { event: "", if: null },
    ...(more.length === 0 ? {} : { moreTriggers: more }),
    ...(fn.timeouts === undefined ? {} : { timeouts: fn.timeouts }),
    ...(fn.singleton === undefined ? {} : { singleton: fn.singleton }),
    cancelOn: (fn.cancel ?? []).map((entry) => ({
      event: entry.event,
      if: entry.if ?? null,
      timeout: entry.timeout ?? null,
    })),
    url: withoutDeployId(step?.runtime.url ?? ""),
  };
};

/**
 * Map the SDK's register body to the app Quell stores, or name the first function and option
 * Quell refuses: `function "<slug>": concurrency is not supported by Quell yet`.
 */
export const mapRegisterBody = (body: RegisterBody): MappedSync => {
  const appId = body.appName;
  let problem: string | null = null;
  const functions: RemoteFunctionConfig[] = [];
  for (const fn of body.functions) {
    const why = fn.id.startsWith(`${appId}-`)
      ? unsupported(fn)
      : `its id must start with the app id "${appId}-"`;
    if (why !== null) {
      problem ??= `function "${fn.id}": ${why}`;
      continue;
    }
    functions.push(toQuell(appId, fn));
  }
  const app: SyncedApp = {
    id: appId,
    url: withoutDeployId(body.url),
    sdk: body.sdk ?? "unknown",
    framework: body.framework ?? null,
    functions,
  };
  return { app, problem };
};
