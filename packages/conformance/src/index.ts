import { describe } from "vitest";
import { harness, type StoreConformanceOptions } from "./harness";
import { appTests } from "./suites/apps";
import { commitRunTests } from "./suites/commit-run";
import { createRunTests } from "./suites/create-run";
import { creationPositionTests } from "./suites/creation-position";
import { eventListTests } from "./suites/event-list";
import { ingestionTests } from "./suites/ingestion";
import { leaseTests } from "./suites/leases";
import { listenerStampTests } from "./suites/listener-stamp";
import { listenerTests } from "./suites/listeners";
import { modelTests } from "./suites/model";
import { onlyForListenersTests } from "./suites/only-for-listeners";
import { operationsTests } from "./suites/operations";
import { queryTests } from "./suites/queries";
import { retentionTests } from "./suites/retention";
import { schedulingTests } from "./suites/scheduling";
import { singletonTests } from "./suites/singleton";

/**
 * The store conformance suite: every `Store` adapter runs it, each test on a fresh store.
 *
 * @example
 * describeStoreConformance({ name: "memory", create: () => memoryStore() });
 */
export const describeStoreConformance = (options: StoreConformanceOptions): void => {
  describe(`store conformance: ${options.name}`, () => {
    const h = harness(options);
    ingestionTests(h);
    onlyForListenersTests(h);
    createRunTests(h);
    commitRunTests(h);
    creationPositionTests(h);
    listenerTests(h);
    listenerStampTests(h);
    schedulingTests(h);
    leaseTests(h);
    queryTests(h);
    eventListTests(h);
    operationsTests(h);
    appTests(h);
    retentionTests(h);
    singletonTests(h);
    modelTests(h);
  });
};

export { anyListener, anyPayload, anyRun } from "./arbitraries";
export type { IngestOverrides } from "./fixtures";
export {
  makeCommit,
  makeIngest,
  makeListener,
  makePayload,
  makeRun,
  makeWrite,
  nextId,
  nextVersion,
} from "./fixtures";
export type { StoreConformanceOptions } from "./harness";
export { makeApp } from "./suites/apps";
export { makeBulkCancellation } from "./suites/operations";
