// @salestouch/server: the REST app, for tests, benchmarks and embedding.
export { createApp, type AppOptions } from "./app.js";
export { startServer, type RunningServer, type StartOptions } from "./server.js";
