// An app's answers to Quell's calls (INNGEST-PROTOCOL.md §4.3, §4.4, bodies as captured from
// inngest@4.24.0 and 3.54.2) translated into the core's ops.
import { describe, expect, it } from "vitest";
import { type CallAnswer, retryAtOf, translateAnswer } from "../../src/inngest/answer";

const NOW = Date.parse("2030-01-01T00:00:00.000Z");
const discovery = { now: NOW, step: null };
const stepCall = { now: NOW, step: { id: "may-fail", hash: "d0f0cef0" } };
const answer = (status: number, body: unknown, retryAfter: string | null = null): CallAnswer => ({
  status,
  retryAfter,
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const error = {
  name: "Error",
  message: "boom",
  stack: "Error: boom\n    at x",
  __serialized: true,
};

describe("translateAnswer", () => {
  it("200: the function returned", () => {
    expect(translateAnswer(answer(200, { total: 200 }), discovery)).toEqual({
      op: "RunComplete",
      output: { total: 200 },
    });
    expect(translateAnswer(answer(200, "null"), discovery)).toEqual({
      op: "RunComplete",
      output: null,
    });
  });

  it("206 StepPlanned: a step to start (a sendEvent too); several (parallel) start together", () => {
    const planned = (id: string, name: string, type?: string) => ({
      displayName: name,
      op: "StepPlanned",
      id,
      name,
      opts: type === undefined ? {} : { type },
      userland: { id: name },
      data: null,
    });
    expect(
      translateAnswer(answer(206, [planned("86f7", "left"), planned("e9d7", "right")]), discovery),
    ).toEqual({
      op: "StepsPlanned",
      steps: [
        { id: "left", hash: "86f7" },
        { id: "right", hash: "e9d7" },
      ],
    });
    expect(translateAnswer(answer(206, [planned("86f7", "left")]), discovery)).toEqual({
      op: "StepPlanned",
      id: "left",
      hash: "86f7",
      kind: "run",
      events: [],
    });
    expect(
      translateAnswer(answer(206, [planned("35b3", "sendEvent", "step.sendEvent")]), discovery),
    ).toMatchObject({ op: "StepPlanned", kind: "run" });
    const repeat = { ...planned("aa", "work"), userland: { id: "work", index: 2 } };
    expect(translateAnswer(answer(206, [repeat]), discovery)).toMatchObject({ id: "work:2" });
  });

  it("206 StepRun, StepError (retriable, with Retry-After) and StepFailed (final, whatever the header)", () => {
    const op = { id: "d0f0cef0", name: "may-fail", opts: {}, userland: { id: "may-fail" } };
    expect(
      translateAnswer(answer(206, [{ ...op, op: "StepRun", data: { ok: 1 } }]), stepCall),
    ).toEqual({ op: "StepRun", id: "may-fail", hash: "d0f0cef0", output: { ok: 1 } });
    expect(
      translateAnswer(answer(206, [{ ...op, op: "StepError", error }], "30"), stepCall),
    ).toEqual({
      op: "StepError",
      id: "may-fail",
      hash: "d0f0cef0",
      error: { name: "Error", message: "boom", stack: "Error: boom\n    at x" },
      retriable: true,
      retryAt: NOW + 30_000,
    });
    const answered = { ...stepCall, answeredAt: NOW + 700 };
    expect(
      translateAnswer(answer(206, [{ ...op, op: "StepError", error }], "30"), answered),
    ).toMatchObject({ retryAt: NOW + 700 + 30_000 }); // counted from the answer
    const fatal = { ...error, name: "NonRetriableError", message: "fatal" };
    expect(
      translateAnswer(answer(206, [{ ...op, op: "StepFailed", error: fatal }]), stepCall),
    ).toMatchObject({ op: "StepError", retriable: false, error: { name: "NonRetriableError" } });
  });

  it("206 Sleep: an ISO time or a duration in name; an empty one (the SDK lost 1h30m) fails clearly", () => {
    const sleep = (name: string) => [
      { op: "Sleep", id: "f2f8", name, opts: {}, userland: { id: "nap" }, data: null },
    ];
    expect(translateAnswer(answer(206, sleep("2030-01-02T09:00:00.000Z")), discovery)).toEqual({
      op: "Sleep",
      id: "nap",
      hash: "f2f8",
      until: Date.parse("2030-01-02T09:00:00.000Z"),
    });
    expect(translateAnswer(answer(206, sleep("3d")), discovery)).toMatchObject({
      until: NOW + 3 * 86_400_000,
    });
    expect(translateAnswer(answer(206, sleep("")), discovery)).toMatchObject({
      op: "RunError",
      retriable: false,
      error: { message: expect.stringContaining("compound durations such as 1h30m") },
    });
  });

  it("206 WaitForEvent: the event in name, opts.if and opts.timeout; a bad if fails the run", () => {
    const wait = (opts: object) => [
      {
        op: "WaitForEvent",
        id: "9537",
        name: "app/user.confirmed",
        opts,
        userland: { id: "confirm" },
      },
    ];
    expect(
      translateAnswer(
        answer(206, wait({ timeout: "1h", if: "event.data.userId == async.data.userId" })),
        discovery,
      ),
    ).toEqual({
      op: "WaitForEvent",
      id: "confirm",
      hash: "9537",
      event: "app/user.confirmed",
      if: "event.data.userId == async.data.userId",
      timeoutAt: NOW + 3_600_000,
    });
    expect(translateAnswer(answer(206, wait({ timeout: "2d" })), discovery)).toMatchObject({
      if: null,
    });
    expect(
      translateAnswer(answer(206, wait({ timeout: "1h", if: "event.data ==" })), discovery),
    ).toMatchObject({ op: "RunError", retriable: false });
  });

  it("206 InvokeFunction is step.invoke (cascade by default); unknown ops fail the run", () => {
    const invoke = {
      op: "InvokeFunction",
      id: "522a",
      opts: {
        payload: { data: { userId: "u1" } },
        function_id: "reminders-app-onboarding",
        timeout: "10m",
      },
      userland: { id: "call-onboarding" },
    };
    expect(translateAnswer(answer(206, [invoke]), discovery)).toEqual({
      op: "InvokeFunction",
      id: "call-onboarding",
      hash: "522a",
      functionId: "reminders-app-onboarding",
      data: { userId: "u1" },
      timeoutAt: NOW + 600_000,
      cascade: "cancel",
    });
    const noFunction = { ...invoke, opts: { payload: { data: {} } } };
    expect(translateAnswer(answer(206, [noFunction]), discovery)).toMatchObject({
      op: "RunError",
      retriable: false,
    });
    expect(
      translateAnswer(answer(206, [{ op: "WaitForSignal", id: "x", name: "s" }]), discovery),
    ).toMatchObject({ op: "RunError", retriable: false });
  });

  it("400 is final, 500 retriable (v3 answers 500 on every attempt: the core counts them)", () => {
    expect(translateAnswer(answer(400, error), discovery)).toEqual({
      op: "RunError",
      error: { name: "Error", message: "boom", stack: "Error: boom\n    at x" },
      retriable: false,
    });
    expect(translateAnswer(answer(500, error, "5"), discovery)).toMatchObject({
      op: "RunError",
      retriable: true,
      retryAt: NOW + 5000,
    });
  });

  it("a failed step call is the step's error, so a cancelled run still settles", () => {
    expect(translateAnswer(answer(500, error), stepCall)).toMatchObject({
      op: "StepError",
      id: "may-fail",
      hash: "d0f0cef0",
      retriable: true,
    });
  });

  it("an answer that is not JSON, or an unexpected status, is a retriable error", () => {
    expect(translateAnswer(answer(502, "<html>Bad Gateway</html>"), discovery)).toMatchObject({
      op: "RunError",
      retriable: true,
      error: { message: expect.stringContaining("not JSON") },
    });
    expect(translateAnswer(answer(401, { message: "Unauthorized" }), discovery)).toMatchObject({
      op: "RunError",
      retriable: true,
      error: { message: 'the app answered 401: {"message":"Unauthorized"}' },
    });
    expect(translateAnswer(answer(206, []), discovery)).toMatchObject({ retriable: true });
  });

  it("201: a streamed answer is unwrapped (heartbeat spaces, then the envelope)", () => {
    const inner = [{ op: "StepRun", id: "bb20", name: "s", userland: { id: "s" }, data: 7 }];
    const envelope = {
      status: 206,
      headers: { "x-inngest-req-version": "2" },
      body: JSON.stringify(inner),
      version: 2,
    };
    expect(
      translateAnswer(answer(201, `   ${JSON.stringify(envelope)}`), {
        now: NOW,
        step: { id: "s", hash: "bb20" },
      }),
    ).toEqual({ op: "StepRun", id: "s", hash: "bb20", output: 7 });
  });
});

describe("retryAtOf", () => {
  it("reads seconds or a date; nothing else", () => {
    expect(retryAtOf("30", NOW)).toBe(NOW + 30_000);
    expect(retryAtOf("2030-01-01T00:01:00.000Z", NOW)).toBe(NOW + 60_000);
    expect(retryAtOf("soon", NOW)).toBeUndefined();
    expect(retryAtOf(null, NOW)).toBeUndefined();
  });
});
