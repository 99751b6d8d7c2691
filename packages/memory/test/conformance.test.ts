import { describeStoreConformance } from "@quell/conformance";
import { memoryStore } from "../src/index";

describeStoreConformance({ name: "memory", create: () => memoryStore() });
