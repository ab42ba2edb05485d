// The one Ajv configuration: used to check the spec and to emit standalone validators.
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv and ajv-formats are CommonJS; under ESM the constructor sits on .default.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export type AjvInstance = InstanceType<typeof Ajv2020>;

export function createAjv(options: { standalone: boolean }): AjvInstance {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    useDefaults: true,
    // CommonJS-style standalone code (`exports.name = validateN`): emit-validators.ts wraps each
    // command's code in a function of its own, where `exports` is a local object.
    code: options.standalone ? { source: true, esm: false, lines: true } : undefined,
  });
  addFormats(ajv, ["date-time", "uri", "email", "date"]);
  // An annotation, not a check: a local file field that remote clients upload and send as the named field instead.
  ajv.addVocabulary(["x-upload-as"]);
  return ajv;
}
