// vitest globalSetup: one scratch PostgreSQL cluster for the whole run, so the PostgreSQL variant of
// every suite runs on a fresh machine with nothing started by hand. Its URL reaches the tests
// through provide/inject (scratchClusterUrl in tests/helpers/postgres.ts).
import type { TestProject } from "vitest/node";
import { startScratchCluster } from "../helpers/scratch-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startScratchCluster();
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
