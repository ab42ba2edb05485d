// The API reference page: rendered once from the registry, no script, no network — works offline.
import { commandIds, registry, type CommandDefinition, type JsonSchema } from "@salestouch/contracts";
import type { Request, Response } from "express";

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema["anyOf"])) return (schema["anyOf"] as JsonSchema[]).map(typeOf).join(" | ");
  if (Array.isArray(schema["enum"])) return (schema["enum"] as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (schema["type"] === "array") return `${typeOf((schema["items"] ?? {}) as JsonSchema)}[]`;
  return String(schema["type"] ?? "any");
}

function inputRows(definition: CommandDefinition): string {
  const properties = (definition.inputSchema["properties"] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((definition.inputSchema["required"] ?? []) as string[]);
  const rows = Object.entries(properties).map(([name, schema]) => {
    const description = String(schema["description"] ?? (schema["anyOf"] as JsonSchema[] | undefined)?.[0]?.["description"] ?? "");
    return `<tr><td><code>${escapeHtml(name)}</code></td><td><code>${escapeHtml(typeOf(schema))}</code></td><td>${required.has(name) ? "yes" : ""}</td><td>${escapeHtml(description)}</td></tr>`;
  });
  return rows.length === 0
    ? "<p>No input fields.</p>"
    : `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function commandSection(definition: CommandDefinition): string {
  const d = definition.descriptor;
  const examples = d.examples.map((e) => `<h4>${escapeHtml(e.title)}</h4><pre><code>${escapeHtml(e.code)}</code></pre>`).join("");
  const notes = [...d.risk_notes, ...d.output_notes].map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  return `<section id="${escapeHtml(d.command_id)}" class="command">
<h3><code>${escapeHtml(d.command_id)}</code> — ${escapeHtml(d.title)} <span class="risk risk-${d.risk}">${d.risk}</span></h3>
<p>${escapeHtml(d.description)}</p>
<p><strong>When to use:</strong> ${escapeHtml(d.when_to_use)}</p>
<p><code>POST /api/v1/commands/${escapeHtml(d.command_id)}</code> with <code>{"input": {…}, "response_profile": "full"}</code></p>
<h4>Input</h4>${inputRows(definition)}
${notes ? `<ul class="notes">${notes}</ul>` : ""}
${examples}
<details><summary>Output schema</summary><pre><code>${escapeHtml(JSON.stringify(definition.outputSchema, null, 2))}</code></pre></details>
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f5f7;padding:.75rem;overflow:auto;border-radius:6px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.command{border-top:2px solid #e3e6ea;margin-top:2rem}.risk{font-size:12px;padding:0 .4rem;border-radius:4px;background:#e8f0fe}
.risk-mutate{background:#fff4e5}.risk-approval{background:#fde8e8}nav ul{columns:3}`;

function render(): string {
  const byCategory = new Map<string, CommandDefinition[]>();
  for (const id of commandIds) {
    const definition = registry[id] as CommandDefinition;
    const list = byCategory.get(definition.descriptor.category) ?? [];
    list.push(definition);
    byCategory.set(definition.descriptor.category, list);
  }
  const nav = commandIds.map((id) => `<li><a href="#${id}">${id}</a></li>`).join("");
  const sections = [...byCategory].map(([category, list]) => `<h2>${escapeHtml(category)}</h2>${list.map(commandSection).join("")}`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>SalesTouch runtime API reference</title><link rel="stylesheet" href="/docs/style.css"></head><body>
<h1>SalesTouch runtime API reference</h1>
<p>Every command answers <code>POST /api/v1/commands/{command_id}</code> with the envelope <code>{ok, status, data, error, meta}</code>.
Authenticate with <code>Authorization: Bearer st_…</code> or <code>X-API-Key</code>. The machine-readable contract is <a href="/openapi.json">/openapi.json</a>.</p>
<nav><ul>${nav}</ul></nav>${sections}</body></html>`;
}

const page = render();

const DOCS_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

export function docsPage(_req: Request, res: Response): void {
  res.set(DOCS_HEADERS).type("html").send(page);
}

export function docsStyle(_req: Request, res: Response): void {
  res.set(DOCS_HEADERS).type("css").send(STYLE);
}
