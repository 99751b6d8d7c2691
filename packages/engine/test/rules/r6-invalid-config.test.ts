// SPEC R6: invalid configuration is rejected by `createFunction`, naming the function, the
// cancelOn index and the position in the expression. SPEC §5 / §4.4: bad events are rejected by
// `send`, naming the path, and a rejected batch changes nothing.
import {
  type CancelOnConfig,
  type FunctionConfig,
  Quell,
  QuellConfigError,
  QuellEventError,
  type TriggerConfig,
} from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, thrown, thrownSync, useDrivers } from "../support/fixtures";

const quell = new Quell({ id: "app" });
const define = (config: FunctionConfig, trigger: TriggerConfig = { event: "job/started" }) =>
  thrownSync(() => quell.createFunction(config, trigger, async () => null));
const valid: CancelOnConfig = { event: "job/stop", match: "data.jobId" };

describe("R6: createFunction rejects invalid configuration", () => {
  it("R6: bad CEL in `if` names the function, the entry index and the position", () => {
    const error = define({
      id: "importer",
      cancelOn: [valid, { event: "job/stop", if: "async.data.id === 1" }],
    });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain('"importer"');
    expect(error.message).toContain("cancelOn[1].if");
    expect(error.message).toMatch(/position 16\b/); // the third "="
  });

  it("R6: an unfinished expression reports the position of its end", () => {
    const source = "async.data.id == event.data.id &&";
    const error = define({ id: "importer", cancelOn: [{ event: "job/stop", if: source }] });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain("cancelOn[0].if");
    expect(error.message).toContain(`position ${source.length}`);
  });

  it("R6: an unknown variable is rejected at its position", () => {
    const error = define({
      id: "importer",
      cancelOn: [valid, valid, { event: "x", if: "async.data.a == foo.a" }],
    });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain("cancelOn[2].if");
    expect(error.message).toContain("position 16");
    expect(error.message).toContain("foo");
  });

  it("R6: an expression that cannot be a bool is rejected", () => {
    const error = define({ id: "importer", cancelOn: [{ event: "x", if: "1 + 2" }] });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain("cancelOn[0].if");
    expect(error.message).toMatch(/bool/);
  });

  it("R6: a bad `match` path is rejected with its position", () => {
    const error = define({ id: "importer", cancelOn: [{ event: "x", match: "data..id" }] });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain("cancelOn[0].match");
    expect(error.message).toContain("position 5");
  });

  it("R6: more than 5 cancelOn entries are rejected; 5 are accepted", () => {
    const six = Array.from({ length: 6 }, () => valid);
    const error = define({ id: "importer", cancelOn: six });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain('"importer"');
    expect(error.message).toContain("cancelOn");
    expect(error.message).toMatch(/5/);
    expect(() =>
      quell.createFunction(
        { id: "importer", cancelOn: six.slice(1) },
        { event: "e" },
        async () => null,
      ),
    ).not.toThrow();
  });

  it("R6: `match` and `if` together are rejected, naming the entry", () => {
    const error = define({
      id: "importer",
      cancelOn: [
        valid,
        valid,
        { event: "job/stop", match: "data.id", if: "async.data.id == event.data.id" },
      ],
    });
    expect(error).toBeInstanceOf(QuellConfigError);
    expect(error.message).toContain('"importer"');
    expect(error.message).toContain("cancelOn[2]");
    expect(error.message).toMatch(/match.*if|mutually exclusive/);
  });

  it("R6: a bad timeout duration is rejected, naming the entry's timeout", () => {
    for (const timeout of ["10 minutes", "", -5, "2024-13-45T00:00:00Z"]) {
      const error = define({ id: "importer", cancelOn: [{ ...valid, timeout }] });
      expect(error).toBeInstanceOf(QuellConfigError);
      expect(error.message).toContain("cancelOn[0].timeout");
    }
  });

  it("R6: a bad function id is rejected", () => {
    for (const id of ["Bad Id", "-leading", "", "UPPER"]) {
      const error = define({ id });
      expect(error).toBeInstanceOf(QuellConfigError);
      expect(error.message).toMatch(/\bid\b/);
    }
  });

  it("R6: retries outside 0–20 or not an integer are rejected", () => {
    for (const retries of [-1, 21, 1.5, Number.NaN]) {
      const error = define({ id: "importer", retries });
      expect(error).toBeInstanceOf(QuellConfigError);
      expect(error.message).toContain('"importer"');
      expect(error.message).toContain("retries");
    }
    expect(() =>
      quell.createFunction({ id: "a", retries: 0 }, { event: "e" }, async () => null),
    ).not.toThrow();
    expect(() =>
      quell.createFunction({ id: "b", retries: 20 }, { event: "e" }, async () => null),
    ).not.toThrow();
  });

  it("R6: a bad trigger `if` is rejected with its position; `async` is not available there", () => {
    const bad = define({ id: "importer" }, { event: "job/started", if: "event.data.x ==" });
    expect(bad).toBeInstanceOf(QuellConfigError);
    expect(bad.message).toContain("trigger.if");
    expect(bad.message).toContain("position 15");
    const asyncUsed = define({ id: "importer" }, { event: "job/started", if: "async.data.x == 1" });
    expect(asyncUsed).toBeInstanceOf(QuellConfigError);
    expect(asyncUsed.message).toContain("trigger.if");
  });
});

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  const setup = async () => {
    let started = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn: [{ event: "job/stop", match: "data.jobId" }] },
      { event: "job/started" },
      async ({ step }) => {
        started += 1;
        await step.sleep("nap", "1d");
        return "finished";
      },
    );
    const d = await start([fn]);
    return { d, started: () => started };
  };

  const eventError = async (promise: Promise<unknown>): Promise<QuellEventError> => {
    const error = await thrown(promise);
    expect(error).toBeInstanceOf(QuellEventError);
    return error as QuellEventError;
  };

  it("§5: an event without a name is rejected, naming the path", async () => {
    const { d } = await setup();
    const single = await eventError(d.send({ data: {} } as never));
    expect(single.path).toBe("event.name");
    const empty = await eventError(d.send({ name: "" }));
    expect(empty.path).toBe("event.name");
    const batch = await eventError(d.send([{ name: "ok" }, { data: {} } as never]));
    expect(batch.path).toBe("events[1].name");
    expect(batch.message).toContain("events[1].name");
  });

  it("§5: data that is not an object is rejected, naming the path", async () => {
    const { d } = await setup();
    for (const data of ["text", 42, [1, 2], null]) {
      const error = await eventError(d.send([{ name: "job/started", data: data as never }]));
      expect(error.path).toBe("events[0].data");
    }
  });

  it("§4.4: user events named inngest/* are rejected", async () => {
    const { d } = await setup();
    const error = await eventError(d.send({ name: "inngest/function.cancelled", data: {} }));
    expect(error.path).toBe("event.name");
    expect(error.message).toContain("inngest/");
  });

  it("§5: an event over 512 KiB of JSON is rejected; one of exactly 512 KiB is accepted", async () => {
    const { d } = await setup();
    const overhead = JSON.stringify({ name: "blob/put", data: { s: "" } }).length;
    const fits = "a".repeat(512 * 1024 - overhead);
    const ok = await d.send({ name: "blob/put", data: { s: fits } });
    expect(ok.ids).toHaveLength(1);
    const error = await eventError(d.send([{ name: "blob/put", data: { s: `${fits}a` } }]));
    expect(error.path).toBe("events[0]");
    expect(error.message).toMatch(/524288|512/);
  });

  it("§5: a rejected batch changes nothing — no run, no cancellation, no dedupe entry", async () => {
    const { d, started } = await setup();
    const existing = await d.send({ name: "job/started", data: { jobId: "a" } });
    await eventError(
      d.send([
        { name: "job/stop", data: { jobId: "a" } },
        { name: "job/started", data: { jobId: "b" }, id: "dedupe-me" },
        { name: "inngest/function.finished", data: {} },
      ]),
    );
    expect(started()).toBe(1);
    expect(await d.runs()).toHaveLength(1);
    expect((await runOf(d, existing.ids[0])).status).toBe("Sleeping");
    // The id in the rejected batch was never recorded: sending it now starts a run.
    const retry = await d.send({ name: "job/started", data: { jobId: "b" }, id: "dedupe-me" });
    expect((await runOf(d, retry.ids[0])).status).toBe("Sleeping");
    expect(await d.runs()).toHaveLength(2);
  });
});
