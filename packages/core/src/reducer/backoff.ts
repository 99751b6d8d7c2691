/**
 * Delay before retry number `attempt` (1-based): exponential from 1 s, capped at 10 min.
 * Deterministic (no jitter) so simulations and model checking replay exactly.
 */
export const backoffMs = (attempt: number): number => Math.min(1_000 * 2 ** (attempt - 1), 600_000);
