// Names derived from a command id, in one place (docs/style.md rule 1).
export function pascalName(commandId: string): string {
  return commandId
    .split(/[._]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

export function snakeName(commandId: string): string {
  return commandId.replace(/\./g, "_");
}

export type SchemaRole = "input" | "output" | "approval_output";

export function validatorName(commandId: string, role: SchemaRole): string {
  return `${snakeName(commandId)}__${role}`;
}

export function typeName(commandId: string, role: SchemaRole): string {
  return `${pascalName(commandId)}${role === "input" ? "Input" : role === "output" ? "Output" : "ApprovalOutput"}`;
}
