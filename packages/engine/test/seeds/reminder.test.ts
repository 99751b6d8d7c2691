import { reminderCreated, reminderDeleted, remindersApp } from "@quell/core/examples";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";

// The seeds' reminder app ("Cancel running functions", `@quell/core/examples`), with a push
// service that records what it is asked to push.
const build = () => {
  const pushes: { userId: string; body: string }[] = [];
  const { scheduleReminder } = remindersApp({
    pushNotificationService: {
      push: (userId, body) => {
        pushes.push({ userId, body });
      },
    },
  });
  return { scheduleReminder, pushes };
};

const created = (reminderId: string, remindAt: string) => reminderCreated({ reminderId, remindAt });

describe.each(drivers)("seed: reminder with match ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("a deleted reminder is cancelled while sleeping and never pushed; another is delivered", async () => {
    const { scheduleReminder, pushes } = build();
    driver = await create([scheduleReminder]);
    const kept = await driver.send(created("reminder_1111111111", "2024-01-08T09:00:00.000Z"));
    const deleted = await driver.send(created("reminder_0987654321", "2024-01-08T09:00:00.000Z"));
    await driver.advance("3d");
    const deletion = await driver.send(reminderDeleted("reminder_0987654321"));
    await driver.advance("1w");

    const [cancelledRun] = await driver.runsForEvent(deleted.ids[0] ?? "");
    expect(cancelledRun?.status).toBe("Cancelled");
    expect(cancelledRun?.cancellation).toEqual({
      source: "event",
      at: "2024-01-04T00:00:00.000Z",
      event_id: deletion.ids[0],
    });
    expect(cancelledRun?.steps.map((s) => s.id)).toEqual([]);

    const [deliveredRun] = await driver.runsForEvent(kept.ids[0] ?? "");
    expect(deliveredRun?.status).toBe("Completed");
    expect(deliveredRun?.steps.map((s) => s.id)).toEqual([
      "sleep-until-remind-at-time",
      "send-reminder-push",
    ]);
    expect(pushes).toEqual([{ userId: "user_123", body: "Pick up Jane from the airport" }]);
  });

  it("a deletion for another reminder cancels nothing", async () => {
    const { scheduleReminder, pushes } = build();
    driver = await create([scheduleReminder]);
    const sent = await driver.send(created("reminder_a", "2024-01-02T00:00:00.000Z"));
    await driver.send(reminderDeleted("reminder_b"));
    await driver.advance("2d");
    const [run] = await driver.runsForEvent(sent.ids[0] ?? "");
    expect(run?.status).toBe("Completed");
    expect(pushes).toHaveLength(1);
  });
});
