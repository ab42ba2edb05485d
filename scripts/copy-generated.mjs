// tsc does not copy .js/.d.ts/.json sources: copy the generated validators and OpenAPI document into dist/.
import { copyFileSync, mkdirSync } from "node:fs";
for (const name of ["validators.js", "validators.d.ts", "openapi.json"]) {
  mkdirSync("dist/generated", { recursive: true });
  copyFileSync(`src/generated/${name}`, `dist/generated/${name}`);
}
