import { packageBuild } from "../../tsdown.shared";

export default packageBuild({ index: "src/index.ts" });
