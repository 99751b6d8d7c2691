import { unsafeUniformIntDistribution, xoroshiro128plus } from "pure-rand";

const SPAN = 2 ** 31;

/**
 * Numbers in [0, 1) from a seeded generator (pure-rand's xoroshiro128+), for
 * `EngineOptions.random`: the engine's ids, and on partitions where each run lands, then
 * replay from one test run to the next.
 */
export const seededRandom = (seed: number): (() => number) => {
  const generator = xoroshiro128plus(seed);
  return () => unsafeUniformIntDistribution(0, SPAN - 1, generator) / SPAN;
};
