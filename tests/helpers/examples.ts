// The examples runner lives with the contracts (the test server's seed and the conformance kit use it too).
export { resolvePlaceholders, runExample, subsetMismatch, type RunCommand } from "@salestouch/contracts/examples";
