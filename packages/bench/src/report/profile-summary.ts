/** The parts of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly frame: string;
  readonly share: number;
}

const frameName = (callFrame: CpuProfile["nodes"][number]["callFrame"]): string => {
  const file = callFrame.url.split("/").pop() ?? "";
  return `${callFrame.functionName || "(anonymous)"}${file === "" ? "" : ` ${file}`}`;
};

/**
 * Self and inclusive time per function (name and file), as shares of all samples. Inclusive
 * time counts a function once per sample however often it recurses. Async continuations start
 * new stacks, so inclusive shares under-count callers that awaited.
 */
export const summarizeProfile = (profile: CpuProfile, top: number) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const isProfiler = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)?.callFrame.url === "node:inspector") return true;
    }
    return false;
  };
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    // Starting and stopping the profiler shows up in its own samples: not the code's cost.
    if (node === undefined || isProfiler(id)) return;
    total += dt;
    const own = frameName(node.callFrame);
    selfTime.set(own, (selfTime.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame === undefined) break;
      const name = frameName(frame.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
    }
  });
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m]
      .filter(([frame]) => frame !== "(root)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, t]) => ({ frame, share: total === 0 ? 0 : t / total }));
  return { self: rank(selfTime), inclusive: rank(inclusive), totalMs: total / 1_000 };
};

export const formatHotSpots = (spots: readonly HotSpot[]): string =>
  spots.map((s) => `${(s.share * 100).toFixed(1).padStart(5)}%  ${s.frame}`).join("\n");
