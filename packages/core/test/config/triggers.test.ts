// Several triggers per function, event and cron (docs/triggers.md): what createFunction accepts
// and how it refuses the rest, naming the field.
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  type ConfigError,
  formatConfigError,
  type ValidatedFunction,
  validateFunction,
} from "../../src/config/validate-function";
import { Quell } from "../../src/sdk/quell";

const ok = (t: unknown, config: unknown = { id: "f" }): ValidatedFunction => {
  const r = validateFunction("app", config, t);
  if (isLeft(r)) throw new Error(formatConfigError(r.left));
  return r.right;
};
const err = (t: unknown, config: unknown = { id: "f" }): ConfigError => {
  const r = validateFunction("app", config, t);
  if (isRight(r)) throw new Error("expected the config to be rejected");
  return r.left;
};

describe("validateFunction: triggers", () => {
  it("keeps the one-trigger form, as the seeds write it", () => {
    const fn = ok({ event: "app/a", if: "event.data.x == 1" });
    expect(fn.triggers).toHaveLength(1);
    expect(fn.triggers[0]).toMatchObject({ _tag: "Event", event: "app/a" });
  });

  it("accepts an array mixing event and cron triggers, in the order given", () => {
    const fn = ok([
      { cron: "TZ=Europe/Paris 0 3 * * *" },
      { event: "app/nightly.now", if: "event.data.force == true" },
      { event: "app/other" },
    ]);
    expect(fn.triggers.map((t) => (t._tag === "Cron" ? t.cron : t.event))).toEqual([
      "TZ=Europe/Paris 0 3 * * *",
      "app/nightly.now",
      "app/other",
    ]);
    const [cron, filtered, plain] = fn.triggers;
    expect(cron).toMatchObject({ _tag: "Cron", schedule: { timezone: "Europe/Paris" } });
    expect(filtered?._tag === "Event" && filtered.if?.source).toBe("event.data.force == true");
    expect(plain?._tag === "Event" && plain.if).toBeNull();
  });

  it("accepts a cron trigger alone", () => {
    expect(ok({ cron: "*/5 * * * *" }).triggers[0]).toMatchObject({
      _tag: "Cron",
      cron: "*/5 * * * *",
      schedule: { timezone: null, expression: "*/5 * * * *" },
    });
  });

  it.each([
    [[], "triggers", "at least one"],
    [Array.from({ length: 11 }, (_, i) => ({ event: `e${i}` })), "triggers", "at most 10"],
    [[{ event: "a" }, "b"], "triggers[1]", "must be an object"],
    [[{ event: "a" }, {}], "triggers[1].event", "required"],
    [[{ event: "a" }, { cron: "61 * * * *" }], "triggers[1].cron", "minute"],
    [[{ cron: "* * * *" }], "triggers[0].cron", "invalid cron"],
    [[{ cron: "*/5 * * * * *" }], "triggers[0].cron", "5 parts"],
    [
      [{ cron: "TZ=Mars/Olympus 0 3 * * *" }],
      "triggers[0].cron",
      'unknown time zone "Mars/Olympus"',
    ],
    [[{ cron: "0 0 30 2 *" }], "triggers[0].cron", "never matches"],
    [[{ cron: "" }], "triggers[0].cron", "empty"],
    [[{ cron: 5 }], "triggers[0].cron", "must be a string"],
    [[{ cron: "* * * * *", if: "true" }], "triggers[0].if", "takes only cron"],
    [
      [{ event: "a", expression: "true" }],
      "triggers[0].expression",
      'unknown trigger option "expression"',
    ],
    [[{ event: "a", if: "event.data.x ==" }], "triggers[0].if", "Unexpected token"],
    [[{ event: "inngest/scheduled.timer" }], "triggers[0].event", "use { cron }"],
    [{ cron: "nope" }, "trigger.cron", "invalid cron"],
  ])("rejects %j at %s", (t, path, message) => {
    const e = err(t);
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
    expect(formatConfigError(e)).toContain(`function "f": ${path}: `);
  });

  it("gives the position of a CEL error in an array's trigger", () => {
    expect(err([{ event: "a" }, { event: "b", if: "event.data.x == async.x" }])).toMatchObject({
      path: "triggers[1].if",
      position: 16,
    });
  });

  it("refuses an onFailure that is not a function", () => {
    expect(err({ event: "a" }, { id: "f", onFailure: "alert" })).toMatchObject({
      path: "onFailure",
      message: expect.stringContaining("must be a function"),
    });
  });
});

describe("createFunction: onFailure", () => {
  it("registers <slug>-failure on inngest/function.failed for this function only, one retry", () => {
    const quell = new Quell({ id: "reminders-app" });
    const fn = quell.createFunction(
      { id: "flaky", name: "Flaky", onFailure: () => "noted" },
      { event: "app/flaky" },
      () => {},
    );
    const failure = fn.failureFunction;
    expect(failure).toMatchObject({
      id: "flaky-failure",
      slug: "reminders-app-flaky-failure",
      name: "Flaky (failure)",
      retries: 1,
      appId: "reminders-app",
      failureFunction: null,
    });
    const [trigger] = failure?.triggers ?? [];
    if (trigger?._tag !== "Event") throw new Error("expected an event trigger");
    expect(trigger.event).toBe("inngest/function.failed");
    expect(trigger.if?.source).toBe("event.data.function_id == 'reminders-app-flaky'");
    expect(trigger.if?.test({ event: { data: { function_id: "reminders-app-flaky" } } })).toBe(
      true,
    );
    expect(trigger.if?.test({ event: { data: { function_id: "reminders-app-other" } } })).toBe(
      false,
    );
  });

  it("has no failure function without onFailure", () => {
    const quell = new Quell({ id: "app" });
    expect(quell.createFunction({ id: "f" }, { event: "a" }, () => {}).failureFunction).toBeNull();
  });
});
