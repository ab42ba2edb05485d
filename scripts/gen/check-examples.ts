// Every example input either validates (success, or a failure the handler decides) or, for an
// invalid_input example, is rejected by the input schema. Inputs with {{placeholders}} are
// checked when the examples run against a real server (tests/examples.test.ts).
import { createAjv } from "./ajv.js";
import type { Spec } from "./spec-model.js";

export function checkExamples(spec: Spec): void {
  const ajv = createAjv({ standalone: false });
  const problems: string[] = [];
  for (const command of spec.commands) {
    const validate = ajv.compile(structuredClone(command.input_schema) as object);
    for (const example of command.examples) {
      if (JSON.stringify(example.input).includes("{{")) continue;
      const valid = validate(structuredClone(example.input));
      const wantsInvalid = example.expect.error?.code === "invalid_input";
      const file = `spec/examples/${command.command_id}/${example.name}.json`;
      if (wantsInvalid && valid) problems.push(`${file}: expects invalid_input but the input validates`);
      if (!wantsInvalid && !valid) problems.push(`${file}: input does not validate: ${ajv.errorsText(validate.errors)}`);
    }
  }
  if (problems.length > 0) throw new Error(`examples disagree with their schemas:\n  - ${problems.join("\n  - ")}`);
}
