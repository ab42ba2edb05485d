// `salestouch commands run <id>` with the command's fields as flags, through the built binary.
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, type CliSandbox } from "./helpers/cli.js";

let sandbox: CliSandbox;
beforeAll(() => {
  sandbox = cliSandbox();
});
afterAll(() => sandbox.remove());

describe("field flags", () => {
  it("runs a command from its fields as flags, a list as repeated flags, run options anywhere", async () => {
    const { code, json } = await sandbox.runJson<
      Envelope<{ mission: { name: string; brief: { target_audience: string; example_messages: string[] } } }>
    >([
      "commands",
      "run",
      "mission.create",
      "--name",
      "Q3 CFOs",
      "--json",
      "--target-audience",
      "CFOs",
      "--example-messages",
      "One",
      "--example-messages",
      "Two",
    ]);
    expect(code).toBe(0);
    expect(json.ok && json.data.mission.name).toBe("Q3 CFOs");
    expect(json.ok && json.data.mission.brief).toMatchObject({ target_audience: "CFOs", example_messages: ["One", "Two"] });
  });

  it("lets --input-json take precedence over a flag and says so", async () => {
    const { json, stderr } = await sandbox.runJson<Envelope<{ mission: { name: string } }>>([
      "commands",
      "run",
      "mission.create",
      "--name",
      "From flag",
      "--input-json",
      '{"name":"From JSON"}',
      "--json",
    ]);
    expect(json.ok && json.data.mission.name).toBe("From JSON");
    expect(stderr).toContain("--name also in the JSON input");
  });

  it("answers a mistyped flag with exit 2, the closest flag and the way to JSON", async () => {
    const { code, stderr } = await sandbox.run(["commands", "run", "mission.create", "--nmae", "x"]);
    expect(code).toBe(2);
    expect(stderr).toContain("did you mean --name");
    expect(stderr).toContain("--input-json");
  });

  it("lists the flags in the command's help", async () => {
    const { stdout } = await sandbox.run(["commands", "run", "mission.create", "--help"]);
    expect(stdout).toContain("--target-audience <string or null>");
    expect(stdout).toMatch(/--name <string>\s+\(required\)/);
  });
});
