import { packageBuild } from "../../tsdown.shared";

export default packageBuild({ entry: { index: "src/index.ts" } });
