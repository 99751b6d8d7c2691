/**
 * The namespaces of a deployment spread over `n` partitions (`createPartitionedEngine`,
 * `quell start --partitions n`): the prefix itself for one, so a deployment of one partition
 * is the namespace it always was; else `<prefix>p0:` … `<prefix>p<n-1>:`, each its own hash tag,
 * so its own Redis Cluster slot.
 *
 * @example
 * partitionPrefixes("quell:", 3); // ["quell:p0:", "quell:p1:", "quell:p2:"]
 */
export const partitionPrefixes = (prefix: string, n: number): string[] =>
  n === 1 ? [prefix] : Array.from({ length: n }, (_, k) => `${prefix}p${k}:`);
