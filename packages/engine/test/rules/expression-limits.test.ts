// Issue 10, item 7: every place an expression enters is bounded in size (4096 characters,
// checked before parsing), and `matches` cannot freeze matching or a bulk sweep.
// docs/matching.md, "Untrusted expressions".
import {
  expressionCacheStats,
  type FunctionConfig,
  MAX_EXPRESSION_LENGTH,
  Quell,
  QuellConfigError,
  QuellValidationError,
  type TriggerConfig,
} from "@quell/core";
import { describe, expect, it } from "vitest";
import { reminder, reminderApp } from "../operations/reminder-app";
import { drivers } from "../support/drivers";
import { runOf, thrown, thrownSync, useDrivers } from "../support/fixtures";

const huge = `event.data.x == '${"x".repeat(1024 * 1024)}'`;
const limitMessage = `expression is ${huge.length} characters; the limit is ${MAX_EXPRESSION_LENGTH}`;
// A backtracking engine needs 2^n steps to reject n a's followed by a b; RE2 needs n.
const pathological = `${"a".repeat(100_000)}b`;
// Half an hour in: after the runs the bulk test creates, and not in the future.
const BEFORE = "2024-01-01T00:30:00Z";

const quell = new Quell({ id: "app" });
/** The seeds' bulk-cancellation target, the reminder app's function. */
const reminders = { appId: "acme-app", functionId: "schedule-reminder" } as const;
const define = (config: FunctionConfig, trigger: TriggerConfig = { event: "job/started" }) =>
  thrownSync(() => quell.createFunction(config, trigger, async () => null));

describe("the size limit at function creation", () => {
  it("names the field for cancelOn `if`, cancelOn `match` and trigger `if`", () => {
    const cancelIf = define({ id: "job", cancelOn: [{ event: "job/stop", if: huge }] });
    expect(cancelIf).toBeInstanceOf(QuellConfigError);
    expect(cancelIf.message).toContain("cancelOn[0].if");
    expect(cancelIf.message).toContain(limitMessage);
    const match = define({ id: "job", cancelOn: [{ event: "job/stop", match: "x".repeat(5000) }] });
    expect(match.message).toContain("cancelOn[0].match");
    expect(match.message).toContain("match field is 5000 characters; the limit is 2040");
    const trigger = define({ id: "job" }, { event: "job/started", if: huge });
    expect(trigger.message).toContain("trigger.if");
    expect(trigger.message).toContain(limitMessage);
  });
});

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("a waitForEvent `if` over the limit fails the run, naming the step and the limit", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "waiter" },
      { event: "job/started" },
      async ({ step }) =>
        step.waitForEvent("approval", { event: "job/approved", timeout: "1h", if: huge }),
    );
    const d = await start([fn]);
    const run = await runOf(d, (await d.send({ name: "job/started" })).ids[0]);
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toContain('step.waitForEvent("approval"): if:');
    expect(run.error?.message).toContain(limitMessage);
  });

  it("a bulk cancellation `if` over the limit is refused, naming `if`; nothing is created or cached", async () => {
    const d = await start(reminderApp().functions);
    await d.send(reminder("r1", "u1"));
    const before = expressionCacheStats();
    const request = { ...reminders, startedBefore: "2024-01-01T00:00:00Z" };
    for (let i = 0; i < 20; i++) {
      const error = await thrown(d.createCancellation({ ...request, if: `${huge} && ${i} == 1` }));
      expect(error).toBeInstanceOf(QuellValidationError);
      expect(error).toMatchObject({ field: "if", position: MAX_EXPRESSION_LENGTH });
      expect(error.message).toContain(`characters; the limit is ${MAX_EXPRESSION_LENGTH}`);
    }
    expect(await d.listCancellations()).toEqual([]);
    expect(expressionCacheStats()).toEqual(before);
  });

  it("matches('^(a+)+$') in a cancelOn `if` answers on a 100,000-character value", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      {
        id: "job",
        cancelOn: [{ event: "job/stop", if: "async.data.code.matches('^(a+)+$')" }],
      },
      { event: "job/started" },
      async ({ step }) => step.sleep("nap", "1d"),
    );
    const d = await start([fn]);
    const run = (await d.send({ name: "job/started" })).ids[0];
    await d.send({ name: "job/stop", data: { code: `${"a".repeat(30)}b` } });
    await d.send({ name: "job/stop", data: { code: pathological } });
    expect((await runOf(d, run)).status).toBe("Sleeping");
    await d.send({ name: "job/stop", data: { code: "a".repeat(100_000) } });
    expect((await runOf(d, run)).status).toBe("Cancelled");
  });

  it("matches('^(a+)+$') in a bulk cancellation `if` sweeps runs with 100,000-character values", async () => {
    const app = reminderApp();
    const d = await start(app.functions);
    const slow = await runOf(d, (await d.send(reminder("r1", pathological))).ids[0]);
    const short = await runOf(d, (await d.send(reminder("r2", `${"a".repeat(30)}b`))).ids[0]);
    const hit = await runOf(d, (await d.send(reminder("r3", "aaa"))).ids[0]);
    await d.advance("1h");
    const condition = "event.data.userId.matches('^(a+)+$')";
    const { id } = await d.createCancellation({
      ...reminders,
      startedBefore: BEFORE,
      if: condition,
    });
    await d.settle();
    const done = await d.getCancellation(id);
    expect([done?.status, done?.matched, done?.cancelled]).toEqual(["completed", 1, 1]);
    expect((await d.getRun(hit.id)).status).toBe("Cancelled");
    for (const run of [slow, short]) expect((await d.getRun(run.id)).status).toBe("Sleeping");
  });

  it("a bulk `if` whose pattern RE2 refuses is a 400-style error with the position", async () => {
    const d = await start(reminderApp().functions);
    const error = await thrown(
      d.createCancellation({
        ...reminders,
        startedBefore: "2024-01-01T00:00:00Z",
        if: "event.data.userId.matches('(a)\\\\1')",
      }),
    );
    expect(error).toMatchObject({ field: "if", position: expect.any(Number) });
    expect(error.message).toContain("invalid RE2 pattern");
    expect(await d.listCancellations()).toEqual([]);
  });
});
