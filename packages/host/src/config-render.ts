// The settings as people read them: the README's table and `salestouch config show`, both
// rendered from the one declaration in config.ts.
import { type LoadedConfig, redactCredentials, SETTINGS, type SettingKey, type SettingSpec } from "./config.js";

/** The README's configuration table, rendered from SETTINGS. */
export function configTable(): string {
  const rows = ["| variable | default | allowed | read by | meaning |", "|---|---|---|---|---|"];
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  for (const spec of Object.values(SETTINGS) as SettingSpec<unknown>[]) {
    const names = [spec.env, ...(spec.aliases ?? [])].map((n) => `\`${n}\``).join(" (or ") + (spec.aliases?.length ? ")" : "");
    const who = { server: "server", runtime: "server, CLI, MCP stdio", client: "CLI, MCP stdio" }[spec.group];
    rows.push(`| ${names} | ${cell(spec.defaultText)} | ${cell(spec.allowed)} | ${who} | ${cell(spec.meaning)} |`);
  }
  return rows.join("\n");
}

/** Every setting with its value in effect and where it came from; secrets masked. For `config show`. */
export function describeConfig(config: LoadedConfig): { variable: string; value: unknown; set_by: string; default: string; meaning: string }[] {
  return (Object.entries(SETTINGS) as [SettingKey, SettingSpec<unknown>][]).map(([key, spec]) => {
    const value = config[key];
    const masked = typeof value !== "string" ? value : spec.secret ? `${value.slice(0, 7)}…` : redactCredentials(value);
    return {
      variable: spec.env,
      value: masked ?? null,
      set_by: config.setBy[key] ?? "default",
      default: spec.defaultText.replace(/`/g, ""),
      meaning: spec.meaning.replace(/\s*\(\[docs[^)]*\)\)/g, "").replace(/`/g, ""),
    };
  });
}
