// @salestouch/launch: how the bundled binaries (salestouch, salestouch-mcp, the server) and the test server's package start.
export { launchBundle, loadBundle, type LaunchOptions } from "./launch-bundle.js";
