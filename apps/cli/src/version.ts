// The CLI version, from this package's package.json (one level above both src/ and dist/).
import { readFileSync } from "node:fs";

export function cliVersion(): string {
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
