import { packageBuild } from "../../tsdown.shared";

// `quell` is the published bin (publishConfig.bin); bin/quell.mjs runs the sources in the repo.
export default packageBuild({ entry: { index: "src/index.ts" }, bin: { quell: "src/bin.ts" } });
