// @salestouch/server: the REST server, for tests, benchmarks and embedding.
export { createRequestListener, type AppOptions } from "./app.js";
export { startServer, type RunningServer, type StartOptions } from "./server.js";
