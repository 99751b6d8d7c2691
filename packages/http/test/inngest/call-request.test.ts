// The call Quell makes to an app (INNGEST-PROTOCOL.md §4.1): always planning, memoised steps in
// completion order, max_attempts from the run's own retries, never fn_id or use_api.
import { createHash, createHmac } from "node:crypto";
import { type App, newRun, type Run, remoteFunctions } from "@quell/core";
import { describe, expect, it } from "vitest";
import { callRequest } from "../../src/inngest/call-request";
import { canonicalBody, signature } from "../../src/inngest/signature";

const app: App = {
  id: "reminders-app",
  url: "http://127.0.0.1:3939/api/inngest",
  sdk: "js:v4.24.0",
  framework: "nodejs",
  syncedAt: 0,
  error: null,
  functions: [
    {
      id: "schedule-reminder",
      name: "schedule-reminder",
      retries: 9,
      trigger: { event: "tasks/reminder.created", if: null },
      cancelOn: [],
      url: "http://127.0.0.1:3939/api/inngest?fnId=reminders-app-schedule-reminder&stepId=step",
    },
  ],
};
const built = remoteFunctions(app);
if (built._tag === "Left") throw new Error("fixture");
const fn = built.right[0];
if (fn === undefined) throw new Error("fixture");

const sha1 = (id: string) => createHash("sha1").update(id).digest("hex");

const trigger = {
  internalId: "01EVT",
  seq: 1,
  receivedAt: 0,
  payload: {
    name: "tasks/reminder.created",
    data: { reminderId: "r1" },
    id: "01EVT",
    ts: 0,
    user: {},
  },
};
const run: Run = {
  ...newRun({ id: "01RUN", fn, trigger, at: 0, afterSeq: 1 }).run,
  attempt: 1,
  fnConfig: { retries: 3, cancelOn: 0 },
  steps: {
    [sha1("sleep")]: {
      id: "sleep",
      hash: sha1("sleep"),
      kind: "sleep",
      status: "completed",
      output: null,
    },
    [sha1("push")]: {
      id: "push",
      hash: sha1("push"),
      kind: "run",
      status: "failed",
      error: { name: "Error", message: "no device" },
    },
  },
};

describe("callRequest", () => {
  it("plans every step, with the run's steps in completion order and its own retries", () => {
    const request = callRequest(fn, run, null);
    expect(request.url).toBe(
      "http://127.0.0.1:3939/api/inngest?fnId=reminders-app-schedule-reminder&stepId=step",
    );
    expect(request.body).toEqual({
      event: run.event,
      events: run.events,
      steps: {
        [sha1("sleep")]: { data: null },
        [sha1("push")]: { error: { name: "Error", message: "no device" } },
      },
      ctx: {
        run_id: "01RUN",
        attempt: 1,
        max_attempts: 4,
        disable_immediate_execution: true,
        stack: { stack: [sha1("sleep"), sha1("push")], current: 2 },
      },
      version: 2,
    });
    expect(JSON.stringify(request.body)).not.toMatch(/fn_id|use_api/);
  });

  it("runs the committed step by its hash", () => {
    expect(callRequest(fn, run, "abc").url).toBe(
      "http://127.0.0.1:3939/api/inngest?fnId=reminders-app-schedule-reminder&stepId=abc",
    );
  });
});

describe("signature", () => {
  it("signs the canonical JSON (sorted keys, no spaces) and the time with the key less its prefix", () => {
    const body = canonicalBody({ b: 1, a: { d: [1, "x"], c: null } });
    expect(body).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    const key = "signkey-test-12ab34cd";
    const at = Date.parse("2030-01-01T00:00:00.000Z");
    const t = at / 1000;
    const expected = createHmac("sha256", "12ab34cd").update(`${body}${t}`).digest("hex");
    expect(signature(body, key, at)).toBe(`t=${t}&s=${expected}`);
  });
});
