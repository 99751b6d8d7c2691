import { describe, expect, it } from "vitest";
import { tasksFor } from "../src/scenarios/index";
import { settingsFor } from "../src/settings";

const ids = (mode: "full" | "quick", measuresHeap: boolean): string[] =>
  tasksFor(settingsFor(mode), measuresHeap).map((task) => task.id);

describe("tasks", () => {
  it("holds a million sleeping runs on a full run and fewer on a quick one", () => {
    expect(ids("full", true)).toContain("heap:1000000");
    expect(ids("quick", true)).toContain("heap:100000");
    expect(ids("quick", true)).not.toContain("heap:1000000");
  });

  it("leaves the heap tasks out for a store that does not live in the measured process", () => {
    const all = ids("full", true);
    expect(ids("full", false)).toEqual(all.filter((id) => id !== "heap" && id !== "heap:1000000"));
  });
});
