// SPEC R2: `match: "data.x"` means `event.data.x == async.data.x`; `if` is CEL with `event` the
// run's trigger and `async` the candidate; a field missing on either side never matches.
import { type CancelOnConfig, type EventData, Quell } from "@quell/core";
import { importCancelled, importRequested, newsletterApp } from "@quell/core/examples";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  /** A function that sleeps a day, cancellable by `cancelOn`; returns a driver and a starter. */
  const setup = async (cancelOn: CancelOnConfig[]) => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
        return "finished";
      },
    );
    const d = await start([fn]);
    const trigger = async (data: EventData) => (await d.send({ name: "job/started", data })).ids[0];
    const cancel = async (name: string, data: EventData) => (await d.send({ name, data })).ids[0];
    const status = async (id: string | undefined) => (await runOf(d, id)).status;
    return { d, trigger, cancel, status };
  };

  it("R2 match: an event with the same value at the path cancels, another value does not", async () => {
    const { d, trigger, cancel, status } = await setup([
      { event: "job/stop", match: "data.jobId" },
    ]);
    const a = await trigger({ jobId: "a" });
    const b = await trigger({ jobId: "b" });
    const stop = await cancel("job/stop", { jobId: "a" });
    expect(await status(a)).toBe("Cancelled");
    expect((await runOf(d, a)).cancellation).toMatchObject({ source: "event", event_id: stop });
    expect(await status(b)).toBe("Sleeping");
    await d.advance("1d");
    expect(await status(b)).toBe("Completed");
  });

  it("R2 match: a nested path compares the nested values", async () => {
    const { trigger, cancel, status } = await setup([{ event: "job/stop", match: "data.user.id" }]);
    const a = await trigger({ user: { id: 1, name: "x" } });
    const b = await trigger({ user: { id: 2, name: "x" } });
    await cancel("job/stop", { user: { id: 1, name: "different" } });
    expect(await status(a)).toBe("Cancelled");
    expect(await status(b)).toBe("Sleeping");
  });

  it('R2 match: values must be equal in CEL terms (the string "1" is not the number 1)', async () => {
    const { trigger, cancel, status } = await setup([{ event: "job/stop", match: "data.jobId" }]);
    const a = await trigger({ jobId: 1 });
    await cancel("job/stop", { jobId: "1" });
    expect(await status(a)).toBe("Sleeping");
    await cancel("job/stop", { jobId: 1 });
    expect(await status(a)).toBe("Cancelled");
  });

  it("R2 match: a field missing on either side (or both) never matches", async () => {
    const { trigger, cancel, status } = await setup([{ event: "job/stop", match: "data.jobId" }]);
    const withKey = await trigger({ jobId: "k" });
    const withoutKey = await trigger({ other: 1 });
    await cancel("job/stop", { other: 1 }); // missing on the candidate side; both missing for `withoutKey`
    expect(await status(withKey)).toBe("Sleeping");
    expect(await status(withoutKey)).toBe("Sleeping");
    await cancel("job/stop", { jobId: "zzz" }); // missing on the trigger side for `withoutKey`
    expect(await status(withoutKey)).toBe("Sleeping");
    expect(await status(withKey)).toBe("Sleeping");
  });

  it("R2 if: `event` is the run's triggering event and `async` the incoming one (sides are not swapped)", async () => {
    const { trigger, cancel, status } = await setup([
      { event: "job/stop", if: "event.data.owner == async.data.requestedBy" },
    ]);
    const run = await trigger({ owner: "ann", requestedBy: "bob" });
    // Swapped sides would match this one (event.requestedBy == async.owner): it must not cancel.
    await cancel("job/stop", { owner: "bob", requestedBy: "zed" });
    expect(await status(run)).toBe("Sleeping");
    await cancel("job/stop", { owner: "zed", requestedBy: "ann" });
    expect(await status(run)).toBe("Cancelled");
  });

  it("R2 if: any CEL condition over both events, not only equality", async () => {
    const { trigger, cancel, status } = await setup([
      {
        event: "budget/changed",
        if: "async.data.limit < event.data.cost && async.data.team in event.data.teams",
      },
    ]);
    const run = await trigger({ cost: 100, teams: ["red", "blue"] });
    await cancel("budget/changed", { limit: 150, team: "red" }); // limit not below cost
    await cancel("budget/changed", { limit: 50, team: "green" }); // team not listed
    expect(await status(run)).toBe("Sleeping");
    await cancel("budget/changed", { limit: 50, team: "blue" });
    expect(await status(run)).toBe("Cancelled");
  });

  it("R2 if: a missing field makes the condition false even under a negation (no error-as-match)", async () => {
    const { trigger, cancel, status } = await setup([
      { event: "job/stop", if: "async.data.jobId != event.data.jobId" },
    ]);
    const run = await trigger({ jobId: "a" });
    await cancel("job/stop", { unrelated: true });
    expect(await status(run)).toBe("Sleeping");
    await cancel("job/stop", { jobId: "b" });
    expect(await status(run)).toBe("Cancelled");
  });

  it("R2: an event with another name never cancels, even with matching data", async () => {
    const { trigger, cancel, status } = await setup([{ event: "job/stop", match: "data.jobId" }]);
    const run = await trigger({ jobId: "a" });
    await cancel("job/stopped", { jobId: "a" });
    await cancel("job/started", { jobId: "a" }); // also starts a new run, which is fine
    expect(await status(run)).toBe("Sleeping");
  });

  it("R2: the seeds' example — `async.data.importId == event.data.importId` cancels only that import", async () => {
    const imported: string[] = [];
    const { importAllContacts } = newsletterApp({
      pages: 2,
      pause: "1h",
      importer: { importPage: (importId, page) => imported.push(`${importId}:${page}`) },
    });
    const d = await start([importAllContacts]);
    const one = await d.send(importRequested("one"));
    const two = await d.send(importRequested("two"));
    await d.send(importCancelled("one"));
    await d.advance("2h");
    expect((await runOf(d, one.ids[0])).status).toBe("Cancelled");
    expect((await runOf(d, two.ids[0])).status).toBe("Completed");
    // Page 1 ran before the cancel; page 2 only for "two".
    expect(imported).toEqual(["one:1", "two:1", "two:2"]);
  });
});
