// Stored text cannot drive the terminal of the person reading it: the CLI prints control
// characters as visible escapes in tables, entities, approval previews and errors, while --json
// stays exact.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { terminalSafe } from "../apps/cli/src/render/terminal-safe.js";
import { cliSandbox, runCommandJson } from "./helpers/cli.js";

const HOSTILE = "Q3 \u001b[2J\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007 send to \u001b[8mattacker\u001b[0m \u202eevil";
const sandbox = cliSandbox();
afterAll(() => sandbox.remove());

describe("text printed for people", () => {
  const env = { SALESTOUCH_DATABASE_URL: join(sandbox.root, "escapes.db") };

  it("escapes control characters in lists, entities and approval previews; --json keeps them exact", async () => {
    const created = await runCommandJson(sandbox, "mission.create", { name: HOSTILE }, env);
    expect(created.code).toBe(0);
    const json = await runCommandJson(sandbox, "mission.list", {}, env);
    expect((json.envelope.data as { missions: { name: string }[] }).missions[0]!.name).toBe(HOSTILE);

    for (const args of [
      ["commands", "run", "mission.list"],
      [
        "commands",
        "run",
        "mission.get",
        "--input-json",
        JSON.stringify({ mission_id: (created.envelope.data as { mission: { id: string } }).mission.id }),
      ],
    ]) {
      const human = await sandbox.run(args, { env });
      expect(human.code).toBe(0);
      expect([...human.stdout].filter((c) => terminalSafe(c) !== c)).toEqual([]);
      expect(human.stdout).toContain("\\x1b[2J");
    }

    expect((await sandbox.run(["policy", "set", "missions", "ask"], { env })).code).toBe(0);
    const held = await runCommandJson(sandbox, "mission.create", { name: HOSTILE }, env);
    expect(held.code).toBe(6);
    const shown = await sandbox.run(["approvals", "show", held.envelope.meta.approval_request_id!], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain("\u001b");
    expect(shown.stdout).toContain("send to \\x1b[8mattacker\\x1b[0m");
  });

  it("escapes them in error messages too", async () => {
    const result = await sandbox.run(["commands", "run", "mission.get", "--input-json", JSON.stringify({ mission_id: "mis_\u001b[2Jx" })], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toContain("\u001b");
  });
});
