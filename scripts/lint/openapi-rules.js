// Our OpenAPI conventions as a Redocly plugin (redocly.yaml): rules the recommended set does not have.
export default function openapiRules() {
  return {
    id: "salestouch",
    rules: {
      oas3: {
        // Every object schema says whether it admits other properties: `additionalProperties`
        // (false, or the schema of the extra values) — a generated client types it either way.
        "object-additional-properties": () => ({
          Schema(schema, { report, location }) {
            const types = Array.isArray(schema.type) ? schema.type : [schema.type];
            if (!types.includes("object") || schema.additionalProperties !== undefined || schema.unevaluatedProperties !== undefined) return;
            report({
              message: "An object schema states additionalProperties (false, or the schema of the extra values).",
              location: location.child("type"),
            });
          },
        }),
      },
    },
  };
}
