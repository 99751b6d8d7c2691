export type { MemoryStoreOptions } from "./memory-store";
export { memoryStore } from "./memory-store";
