// What the generated resources list holds (spec/resources.json): read-only views over read commands.
interface ResourceBase {
  /** salestouch://… */
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: "application/json";
}

/** A resource whose payload is the `data` of a read command run with a fixed input. */
export interface CommandResourceDefinition extends ResourceBase {
  command: string;
  input: unknown;
}

/** A resource the runtime answers itself: `catalog` is every command's descriptor. */
export interface BuiltinResourceDefinition extends ResourceBase {
  builtin: "catalog";
}

export type ResourceDefinition = CommandResourceDefinition | BuiltinResourceDefinition;
