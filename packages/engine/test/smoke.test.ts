import { Quell } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { expect, it } from "vitest";
import { createEngine, virtualClock } from "../src/index";

it("engine smoke", async () => {
  const quell = new Quell({ id: "reminders" });
  const pushed: string[] = [];
  const scheduleReminder = quell.createFunction(
    { id: "schedule-reminder", cancelOn: [{ event: "tasks/reminder.deleted", match: "data.reminderId" }] },
    { event: "tasks/reminder.created" },
    async ({ event, step }) => {
      await step.sleepUntil("sleep-until-remind-at-time", event.data.remindAt);
      await step.run("send-reminder-push", async ({}) => { pushed.push(event.data.reminderId); });
    },
  );
  const clock = virtualClock(Date.parse("2024-01-01T00:00:00Z"));
  const engine = createEngine({ functions: [scheduleReminder], store: memoryStore(), clock });
  await engine.start();
  const a = await engine.send({ name: "tasks/reminder.created", data: { reminderId: "r1", remindAt: "2024-01-08T00:00:00Z" } });
  const b = await engine.send({ name: "tasks/reminder.created", data: { reminderId: "r2", remindAt: "2024-01-08T00:00:00Z" } });
  await engine.idle();
  await clock.advance("3d");
  await engine.send({ name: "tasks/reminder.deleted", data: { reminderId: "r1" } });
  await clock.advance("5d");
  await engine.idle();
  const [r1] = await engine.runsForEvent(a.ids[0]!); const [r2] = await engine.runsForEvent(b.ids[0]!);
  console.log(r1!.timeline, r2!.timeline);
  expect(r1!.status).toBe("Cancelled"); expect(r2!.status).toBe("Completed"); expect(pushed).toEqual(["r2"]);
  await engine.stop();
});
