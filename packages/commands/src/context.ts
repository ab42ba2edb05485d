// The handler context every command in this package receives.
import type { CommandId, CommandInput, CommandOutput } from "@salestouch/contracts";
import type { HandlerContext } from "@salestouch/runtime";
import type { Repositories } from "@salestouch/store";

export type Ctx = HandlerContext<Repositories>;
export type In<K extends CommandId> = CommandInput<K>;
export type Out<K extends CommandId> = CommandOutput<K>;

/** Trims a text field; blank becomes null so "  " never reads as a value. */
export function cleanText(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
