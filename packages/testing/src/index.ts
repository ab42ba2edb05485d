// @salestouch/testing: a throwaway SalesTouch server for other services' integration tests.
export { runTestServerCli, type CliStreams } from "./cli.js";
export { startTestServer } from "./test-server.js";
export type { SeededExample, TestServer, TestServerOptions } from "./types.js";
