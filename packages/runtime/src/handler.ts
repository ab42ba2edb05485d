// What a command handler sees: its validated input and a context with no surface objects in it.
import type { CommandId, CommandInput, CommandOutput } from "@salestouch/contracts";
import type { Principal } from "./auth.js";
import type { IdGenerator } from "./ids.js";
import type { Logger } from "./logger.js";

export interface HandlerContext<R> {
  /** Repositories bound to this command's transaction. */
  repos: R;
  principal: Principal;
  /** The current time as ISO-8601 UTC, fixed for the whole command. */
  now: string;
  ids: IdGenerator;
  logger: Logger;
  /** Adds a line to meta.warnings. */
  warn(message: string): void;
}

export type Handler<K extends CommandId, R> = (input: CommandInput<K>, ctx: HandlerContext<R>) => Promise<CommandOutput<K>>;

/** One handler per spec'd command; a missing one is a compile error where handlers are declared. */
export type Handlers<R> = { readonly [K in CommandId]: Handler<K, R> };

/** How the runtime reaches storage without depending on the store package. */
export interface UnitOfWork<R> {
  transaction<T>(mode: "read" | "write", fn: (repos: R) => Promise<T>): Promise<T>;
  /** True for faults of the database itself (locked, read-only, disk full, gone). */
  isUnavailable?(error: unknown): boolean;
}
