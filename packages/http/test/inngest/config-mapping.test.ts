// The SDK's register body (INNGEST-PROTOCOL.md §3.2, as captured from inngest@4.24.0) mapped to
// the apps Quell stores, and every option Quell refuses named with its function.
import { describe, expect, it } from "vitest";
import { mapRegisterBody, withoutDeployId } from "../../src/inngest/config-mapping";
import { type RegisterBody, UNSUPPORTED_OPTIONS } from "../../src/inngest/register-body";

const serve = "http://127.0.0.1:3939/api/inngest";
const step = (slug: string, attempts?: number) => ({
  step: {
    id: "step",
    name: "step",
    runtime: { type: "http", url: `${serve}?deployId=dep-1&fnId=${slug}&stepId=step` },
    ...(attempts === undefined ? {} : { retries: { attempts } }),
  },
});

const body = (functions: RegisterBody["functions"]): RegisterBody => ({
  url: `${serve}?deployId=dep-1`,
  appName: "reminders-app",
  sdk: "js:v4.24.0",
  framework: "nodejs",
  deployId: "dep-1",
  functions,
});

const reminder = {
  id: "reminders-app-schedule-reminder",
  name: "schedule-reminder",
  triggers: [{ event: "tasks/reminder.created" }],
  steps: step("reminders-app-schedule-reminder"),
  cancel: [
    { event: "tasks/reminder.deleted", if: "event.data.reminderId == async.data.reminderId" },
  ],
};

describe("mapRegisterBody", () => {
  it("maps the captured reminders config: slug → id, cancel → cancelOn, no retries → the default, no deployId", () => {
    const onboarding = {
      id: "reminders-app-onboarding",
      name: "onboarding",
      triggers: [{ event: "app/user.signup", expression: "event.data.plan == 'pro'" }],
      steps: step("reminders-app-onboarding", 2),
      cancel: [{ event: "app/user.deleted", timeout: "1h" }],
    };
    expect(mapRegisterBody(body([reminder, onboarding]))).toEqual({
      problem: null,
      app: {
        id: "reminders-app",
        url: serve,
        sdk: "js:v4.24.0",
        framework: "nodejs",
        functions: [
          {
            id: "schedule-reminder",
            name: "schedule-reminder",
            retries: null,
            trigger: { event: "tasks/reminder.created", if: null },
            cancelOn: [
              {
                event: "tasks/reminder.deleted",
                if: "event.data.reminderId == async.data.reminderId",
                timeout: null,
              },
            ],
            url: `${serve}?fnId=reminders-app-schedule-reminder&stepId=step`,
          },
          {
            id: "onboarding",
            name: "onboarding",
            retries: 2,
            trigger: { event: "app/user.signup", if: "event.data.plan == 'pro'" },
            cancelOn: [{ event: "app/user.deleted", if: null, timeout: "1h" }],
            url: `${serve}?fnId=reminders-app-onboarding&stepId=step`,
          },
        ],
      },
    });
  });

  it.each(UNSUPPORTED_OPTIONS)("refuses %s, naming the function and the option", (option) => {
    const fn = { ...reminder, [option]: { limit: 1 } };
    expect(mapRegisterBody(body([fn])).problem).toBe(
      `function "reminders-app-schedule-reminder": ${option} is not supported by Quell yet`,
    );
  });

  it("maps several event triggers, timeouts and singleton onto Quell's config", () => {
    const { app, problem } = mapRegisterBody(
      body([
        {
          ...reminder,
          triggers: [{ event: "a/b" }, { event: "a/c", expression: "event.data.ok == true" }],
          timeouts: { start: "1m", finish: "2h" },
          singleton: { key: "event.data.user", mode: "cancel" },
        },
      ]),
    );
    expect(problem).toBeNull();
    expect(app.functions[0]).toMatchObject({
      trigger: { event: "a/b", if: null },
      moreTriggers: [{ event: "a/c", if: "event.data.ok == true" }],
      timeouts: { start: "1m", finish: "2h" },
      singleton: { key: "event.data.user", mode: "cancel" },
    });
  });

  it("maps cron triggers, the TZ prefix kept", () => {
    const nightly = { ...reminder, triggers: [{ cron: "TZ=Europe/Paris 0 3 * * *" }] };
    const { app, problem } = mapRegisterBody(body([nightly]));
    expect(problem).toBeNull();
    expect(app.functions[0]?.trigger).toEqual({ cron: "TZ=Europe/Paris 0 3 * * *" });
  });

  it("refuses a trigger with neither event nor cron, and a slug outside the app", () => {
    const problem = (fn: object, more: object[] = []) =>
      mapRegisterBody(body([fn as typeof reminder, ...(more as (typeof reminder)[])])).problem;
    expect(problem({ ...reminder, triggers: [{ expression: "true" }] })).toBe(
      'function "reminders-app-schedule-reminder": triggers[0]: a trigger needs an event name or a cron schedule',
    );
    expect(problem({ ...reminder, id: "other-app-x" })).toBe(
      'function "other-app-x": its id must start with the app id "reminders-app-"',
    );
  });

  it("keeps an onFailure's <slug>-failure function, on inngest/function.failed with its filter", () => {
    const failure = {
      id: "reminders-app-schedule-reminder-failure",
      name: "schedule-reminder (failure)",
      triggers: [
        {
          event: "inngest/function.failed",
          expression: "event.data.function_id == 'reminders-app-schedule-reminder'",
        },
      ],
      steps: step("reminders-app-schedule-reminder-failure", 1),
    };
    const { app, problem } = mapRegisterBody(body([reminder, failure]));
    expect(problem).toBeNull();
    expect(app.functions[1]).toMatchObject({
      id: "schedule-reminder-failure",
      trigger: {
        event: "inngest/function.failed",
        if: "event.data.function_id == 'reminders-app-schedule-reminder'",
      },
    });
  });

  it("keeps a function of its own on inngest/function.failed (not an onFailure)", () => {
    const watcher = {
      ...reminder,
      id: "reminders-app-watch-failures",
      triggers: [{ event: "inngest/function.failed" }],
    };
    expect(mapRegisterBody(body([watcher])).problem).toBeNull();
  });
});

describe("withoutDeployId", () => {
  it("removes deployId and keeps the rest of the query", () => {
    expect(withoutDeployId(`${serve}?deployId=d&fnId=f`)).toBe(`${serve}?fnId=f`);
    expect(withoutDeployId(serve)).toBe(serve);
  });
});
