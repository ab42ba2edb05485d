// Approvals through MCP: a held tool call is a result (not an error) that says in plain words that
// a person must approve request X and how to check back; calling again with the same arguments
// plus _approval_request_id returns the stored result, approval_denied or approval_expired.
// Over Streamable HTTP with an agent key, and over stdio in local mode with a workspace rule.
import { commandToolName } from "@salestouch/contracts";
import { createClient } from "@salestouch/client";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliProcess } from "./helpers/cli.js";
import { dataOf, draftSetup, NOTE_A } from "./helpers/drafts.js";
import { callCommand, connectHttp, connectStdio, type McpConnection } from "./helpers/mcp.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

async function call(mcp: McpConnection, commandId: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await mcp.client.callTool({ name: commandToolName(commandId), arguments: args })) as CallToolResult;
}

/** An agent (MCP over HTTP, rules given) and a person's REST client that may decide, in a workspace of their own. */
async function agentAndPerson(rules: { target: string; permission: "ask" | "deny" }[]) {
  const workspace = `mcp-approvals-${++counter}`;
  const agent = await server.running.local.keys.create({ name: "agent", workspace, permissions: rules });
  const person = await server.running.local.keys.create({ name: "person", workspace, scopes: ["*", "approvals.decide"] });
  const mcp = await connectHttp(server.url, { authorization: `Bearer ${agent.key}` }, "?schemas=full");
  await mcp.client.listTools(); // the SDK client then checks every structuredContent against the tool's output schema
  return { mcp, person: createClient({ baseUrl: server.url, apiKey: person.key }) };
}

describe("MCP over HTTP", () => {
  it("tells the model plainly that a person must approve, and returns the result once approved", async () => {
    const { mcp, person } = await agentAndPerson([{ target: "linkedin.draft.approve", permission: "ask" }]);
    try {
      const { draftId } = await draftSetup((id, input) => callCommand(mcp.client, id, input), [NOTE_A]);
      const args = { draft_id: draftId, send_now: true };
      const heldResult = await call(mcp, "linkedin.draft.approve", args);
      const id = (heldResult._meta as { approval_request_id: string }).approval_request_id;
      expect(heldResult.isError).toBeFalsy();
      expect(textOf(heldResult)).toContain(`NOT RUN YET`);
      expect(textOf(heldResult)).toContain(`a person must approve request ${id}`.replace("a person", "A person"));
      expect(textOf(heldResult)).toContain(`"_approval_request_id": "${id}"`);
      expect(heldResult.structuredContent).toMatchObject({ draft_id: draftId, body_text: NOTE_A, send_now: true });

      const stillPending = await call(mcp, "linkedin.draft.approve", { ...args, _approval_request_id: id });
      expect(textOf(stillPending)).toContain("NOT RUN YET");
      await person.approvals.approve(id);
      const collected = await call(mcp, "linkedin.draft.approve", { ...args, _approval_request_id: id });
      expect(collected.isError).toBeFalsy();
      expect(collected._meta).toMatchObject({ status: 200, approval_required: false, approval_request_id: id });
      expect(collected.structuredContent).toMatchObject({ mode: "send_now", draft: { status: "DISPATCHED" } });
    } finally {
      await mcp.close();
    }
  });

  it("returns approval_denied as a tool error after a denial, and holds a command without a preview with the pending shape", async () => {
    const { mcp, person } = await agentAndPerson([{ target: "missions", permission: "ask" }]);
    try {
      const heldResult = await call(mcp, "mission.create", { name: "Held over MCP" });
      const id = (heldResult._meta as { approval_request_id: string }).approval_request_id;
      expect(heldResult.structuredContent).toMatchObject({ approval: { id, status: "pending", command_id: "mission.create" } });
      await person.approvals.deny(id, "not this quarter");
      const denied = await call(mcp, "mission.create", { name: "Held over MCP", _approval_request_id: id });
      expect(denied.isError).toBe(true);
      expect(denied._meta).toMatchObject({ error_code: "approval_denied" });
      expect(textOf(denied)).toContain("not this quarter");
    } finally {
      await mcp.close();
    }
  });

  it("refuses to collect with changed arguments", async () => {
    const { mcp, person } = await agentAndPerson([{ target: "missions", permission: "ask" }]);
    try {
      const id = ((await call(mcp, "mission.create", { name: "One" }))._meta as { approval_request_id: string }).approval_request_id;
      await person.approvals.approve(id);
      const changed = await call(mcp, "mission.create", { name: "Two", _approval_request_id: id });
      expect(changed._meta).toMatchObject({ error_code: "conflict" });
    } finally {
      await mcp.close();
    }
  });
});

describe("MCP over stdio (local mode)", () => {
  it("holds under a workspace rule; the person approves with the CLI; the model collects", async () => {
    const stdio = await connectStdio();
    try {
      const cli = (args: string[]) => runCliProcess(args, { env: stdio.box.env, cwd: stdio.box.cwd });
      expect((await cli(["policy", "set", "mission.create", "ask"])).code).toBe(0);
      await stdio.client.listTools();
      const heldResult = await call(stdio, "mission.create", { name: "From the model" });
      const id = (heldResult._meta as { approval_request_id: string }).approval_request_id;
      expect(textOf(heldResult)).toContain(`request ${id} waits for a person's decision`);
      expect(textOf(heldResult)).not.toMatch(/salestouch approvals/);
      expect((await cli(["approvals", "approve", id])).code).toBe(0);
      const collected = await callCommand(stdio.client, "mission.create", { name: "From the model", _approval_request_id: id });
      expect(dataOf<{ mission: { name: string } }>(collected).mission.name).toBe("From the model");
      const expiredCheck = await cli(["approvals", "show", id, "--json"]);
      expect(JSON.parse(expiredCheck.stdout)).toMatchObject({ approval: { status: "approved", decided_by: { kind: "local" } } });
    } finally {
      await stdio.close();
    }
  });

  it("answers approval_expired once a request outlived SALESTOUCH_APPROVAL_TTL", async () => {
    const stdio = await connectStdio();
    try {
      const env = { ...stdio.box.env, SALESTOUCH_APPROVAL_TTL: "0" };
      const cli = (args: string[]) => runCliProcess(args, { env, cwd: stdio.box.cwd });
      await cli(["policy", "set", "missions", "ask"]);
      // The CLI shares the database; a request it made with TTL 0 has expired when the model collects it.
      const made = JSON.parse((await cli(["commands", "run", "mission.create", "--input-json", '{"name":"Stale"}', "--json"])).stdout) as {
        meta: { approval_request_id: string };
      };
      const result = await call(stdio, "mission.create", { name: "Stale", _approval_request_id: made.meta.approval_request_id });
      expect(result.isError).toBe(true);
      expect(result._meta).toMatchObject({ error_code: "approval_expired" });
    } finally {
      await stdio.close();
    }
  });
});
