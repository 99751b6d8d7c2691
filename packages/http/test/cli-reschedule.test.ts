import type { RunView } from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import type { Io } from "../src/cli/io";
import { buildProgram } from "../src/cli/main";
import { useServers } from "./support/server";

// `quell reschedule <runId> --until <time>`, run in this process against a test server.

const open = useServers();

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: (text) => out.push(text),
    sleep: async () => {},
  };
  return { io, out, err };
};

const quell = async (args: readonly string[]) => {
  const { io, out, err } = capture();
  await buildProgram(io).parseAsync(["node", "quell", ...args]);
  return { out: out.join("\n"), err: err.join("\n") };
};

// A failed command sets the process's exit code, as the real `quell` does: put it back.
afterEach(() => {
  process.exitCode = undefined;
});

describe("quell reschedule", () => {
  it("moves a sleeping run's wake-up and says from when to when", async () => {
    const s = await open();
    const [eventId] = await s.send({ name: "test/sleep", data: { key: "a" } });
    const { id } = await s.runOf(eventId);
    const { out, err } = await quell([
      "reschedule",
      id,
      "--until",
      "2024-01-01T06:00:00Z",
      "--url",
      s.url,
    ]);
    expect(err).toBe("");
    expect(out).toBe(
      `${id} rescheduled from 2024-01-02T00:00:00.000Z to 2024-01-01T06:00:00.000Z (Sleeping)`,
    );
    const json = await quell([
      "reschedule",
      id,
      "--until",
      "2024-01-01T07:00:00Z",
      "--url",
      s.url,
      "--json",
    ]);
    expect((JSON.parse(json.out) as RunView).timeline.at(-1)?.detail).toBe(
      "from 2024-01-01T06:00:00.000Z to 2024-01-01T07:00:00.000Z",
    );
  });

  it("prints the server's refusal: a bad time names until, a run that does not sleep is a conflict", async () => {
    const s = await open();
    const bad = await quell(["reschedule", "x", "--until", "soon", "--url", s.url]);
    expect(bad.err).toMatch(/^error: body\.until: invalid time "soon".*\(HTTP 400\)$/);
    expect(process.exitCode).toBe(1);
    const [eventId] = await s.send({ name: "test/quick", data: { value: 1 } });
    const { id } = await s.runOf(eventId);
    const done = await quell(["reschedule", id, "--until", "2024-01-02T00:00:00Z", "--url", s.url]);
    expect(done.err).toBe(`error: run ${id}: run is completed, not sleeping (HTTP 409)`);
  });
});
