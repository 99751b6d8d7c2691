import type { ChartPoint, Row } from "../types";

/**
 * `match_flatness`: cost per event at the largest size over cost at the smallest (SPEC R7:
 * matching cost must not grow with the number of waiting runs). No row without two sizes.
 */
export const flatnessRows = (points: readonly ChartPoint[]): Row[] => {
  const indexed = points
    .filter((p) => p.series === "indexed")
    .sort((a, b) => a.pending - b.pending);
  const first = indexed[0];
  const last = indexed[indexed.length - 1];
  if (first === undefined || last === undefined || first === last) return [];
  const value = Number((last.nsPerEvent / first.nsPerEvent).toFixed(2));
  return [{ name: "match_flatness", value, unit: `ratio P${last.pending}/P${first.pending}` }];
};
