import { packageBuild } from "../../tsdown.shared";

// `quell` is the published bin (publishConfig.bin); bin/quell.mjs runs the sources in the repo.
export default packageBuild({ index: "src/index.ts", quell: "src/bin.ts" });
