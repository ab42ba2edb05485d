// `npm run keys:create -- --name <name> [--workspace <w>] [--scopes a,b]`: a first API key without the CLI.
import { parseArgs } from "node:util";
import { loadConfig, openRuntime, resolveDatabase } from "@salestouch/host";
import { parseScopes } from "@salestouch/runtime";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: "string", default: "api key" }, workspace: { type: "string" }, scopes: { type: "string" } },
  });
  const config = loadConfig({ for: "server" });
  const database = resolveDatabase(config);
  const local = await openRuntime({ databaseUrl: database.url, config });
  try {
    const created = await local.keys.create({
      name: values.name!,
      workspace: values.workspace,
      scopes: values.scopes ? parseScopes(values.scopes) : undefined,
    });
    process.stdout.write(`${created.key}\n`);
    process.stderr.write(
      `created API key ${created.row.id} "${created.row.name}" in workspace ${created.workspace.name} (${local.store.location}); it is shown once — store it now\n`,
    );
  } finally {
    await local.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`keys:create: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
