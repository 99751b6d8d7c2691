// The example of docs/model-checking.md, kept honest: same functions, same scenario, same findings.
import { describe, expect, it } from "vitest";
import { explore, formatReport, Quell, type Scenario } from "../../src/index";

const push = async (userId: string, body: string) => ({ userId, body });

const quell = new Quell({ id: "reminders" });
export const scheduleReminder = quell.createFunction(
  {
    id: "schedule-reminder",
    cancelOn: [{ event: "tasks/reminder.deleted", match: "data.reminderId" }],
  },
  { event: "tasks/reminder.created" },
  async ({ event, step }) => {
    await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
    await step.run("send-reminder-push", async () =>
      push(event.data.userId, event.data.reminderBody),
    );
  },
);

export const deleteAtRemindTime: Scenario = {
  name: "the user deletes the reminder at its remind time",
  functions: [scheduleReminder],
  steps: [
    {
      send: {
        name: "tasks/reminder.created",
        data: {
          reminderId: "r1",
          userId: "u1",
          reminderBody: "Pick up Jane",
          remindAt: "2024-01-08T09:00:00Z",
        },
      },
      label: "created",
    },
    { idle: true }, // the run is sleeping
    { advance: "7d9h" }, // the clock reaches remindAt: the timer is due
    { send: { name: "tasks/reminder.deleted", data: { reminderId: "r1" } }, label: "deleted" },
  ],
  // What the author hoped: a deleted reminder is never pushed.
  expect: { created: ["Cancelled"] },
  invariants: [
    {
      name: "no push completes for a deleted reminder",
      check: ({ runs }) => {
        const run = runs.get("schedule-reminder:created");
        const pushed = run?.steps.some(
          (s) => s.id === "send-reminder-push" && s.status === "completed",
        );
        return run?.status === "Cancelled" && pushed === true ? "pushed, then cancelled" : null;
      },
    },
  ],
};

describe("docs/model-checking.md", () => {
  it("finds that the reminder can still be pushed when the deletion races the remind time", async () => {
    const report = await explore(deleteAtRemindTime);
    if (process.env.QUELL_PRINT_DOCS === "1") console.log(formatReport(report));
    expect(report.complete).toBe(true);
    expect(report.outcomes["schedule-reminder:created"]).toEqual([
      "Cancelled (event): no steps",
      "Cancelled (event): sleep-until-remind-at-time",
      "Completed: sleep-until-remind-at-time, send-reminder-push",
    ]);
    expect(report.violations.map((v) => v.invariant)).toEqual([
      "custom:no push completes for a deleted reminder",
      "expected-outcome",
    ]);
  });
});
