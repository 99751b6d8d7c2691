import { readFile, writeFile } from "node:fs/promises";

export const START = "<!-- bench:results:start -->";
export const END = "<!-- bench:results:end -->";

/**
 * Replace what lies between the markers of docs/benchmarks.md with `section`; the prose
 * around them is left alone. A file without the markers is left unchanged (returns false).
 */
export const updateDocs = async (path: string, section: string): Promise<boolean> => {
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return false;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  const next = `${text.slice(0, start + START.length)}\n${section.trim()}\n${text.slice(end)}`;
  await writeFile(path, next);
  return true;
};
