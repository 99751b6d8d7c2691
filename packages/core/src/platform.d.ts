// The core compiles without DOM or Node types (purity is enforced by its tsconfig). These are the
// few platform objects it touches: AbortSignal/AbortController (plain objects, no I/O) for the
// cooperative cancellation of steps.
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
  throwIfAborted(): void;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };
