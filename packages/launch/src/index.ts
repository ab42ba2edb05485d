// @salestouch/launch: how the bundled binaries (salestouch, salestouch-mcp) start.
export { launchBundle, type LaunchOptions } from "./launch-bundle.js";
