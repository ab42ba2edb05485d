// What a command handler sees: its validated input and a context with no surface objects in it.
import type { CommandId, CommandInput, CommandOutput, CommandTypes } from "@salestouch/contracts";
import type { Principal } from "./auth.js";
import type { IdGenerator } from "./ids.js";
import type { Logger } from "./logger.js";
import type { TraceContext } from "./trace.js";

export interface HandlerContext<R> {
  /** Repositories bound to this command's transaction. */
  repos: R;
  principal: Principal;
  /** The current time as ISO-8601 UTC, fixed for the whole command. */
  now: string;
  ids: IdGenerator;
  /** Lines carry the trace's ids when the call came with a trace. */
  logger: Logger;
  /** The W3C trace of the request behind the call, if any: what an outgoing call continues. */
  trace: TraceContext | undefined;
  /** Adds a line to meta.warnings. */
  warn(message: string): void;
  /**
   * Runs `effect` after the command's transaction commits (a webhook call must never hold the
   * database); `write` opens a short transaction of its own to record what the effect did. The
   * effect may amend the output object the handler returned, before that output is validated; a
   * failure becomes a warning, never a failed command, since the data is committed.
   */
  afterCommit(effect: AfterCommit<R>): void;
  /**
   * Names state outside the database that the command depends on (e.g. `csv_path content` → the
   * file's sha256). What a preview observes binds its held call, next to the records it read;
   * when the approved call runs and observes another value for the same name, it fails with
   * approval_stale and nothing it wrote is kept. Outside an approval it records nothing.
   */
  observe(name: string, value: string): void;
  /**
   * What the command's gatherer brought from outside the database before this transaction opened
   * (a lead source's answer); undefined for commands without one.
   */
  gathered: unknown;
}

/** Work deferred until the command's transaction has committed. */
export type AfterCommit<R> = (write: <T>(fn: (repos: R) => Promise<T>) => Promise<T>) => Promise<void>;

export type Handler<K extends CommandId, R> = (input: CommandInput<K>, ctx: HandlerContext<R>) => Promise<CommandOutput<K>>;

/** One handler per spec'd command; a missing one is a compile error where handlers are declared. */
export type Handlers<R> = { readonly [K in CommandId]: Handler<K, R> };

/** What approving a held call would do, shaped by the command's approval_output_schema. Must not write. */
export type Preview<K extends CommandId, R> = (input: CommandInput<K>, ctx: HandlerContext<R>) => Promise<CommandTypes[K]["approval_output"]>;

/** What a gatherer sees: no repositories of its own, only short read transactions. */
export interface GatherContext<R> {
  principal: Principal;
  now: string;
  logger: Logger;
  warn(message: string): void;
  /** A read transaction of its own (the mission exists, the source was imported before). */
  read<T>(fn: (repos: R) => Promise<T>): Promise<T>;
}

/**
 * Work a command does outside the database before its transaction opens: calling a service that
 * may take seconds (a lead source) must never hold the database. It runs only when the call is
 * about to run (allowed, or approved by a person), never for a call that is held or denied; what
 * it returns reaches the handler as ctx.gathered. A thrown CommandError fails the call with
 * nothing written.
 */
export type Gatherer<K extends CommandId, R> = (input: CommandInput<K>, ctx: GatherContext<R>) => Promise<unknown>;

/** Gatherers by command id, for the few commands that reach outside before they write. */
export type Gatherers<R> = { readonly [K in CommandId]?: Gatherer<K, R> };

/** Previews by command id; every command with an approval_output_schema needs one. */
export type Previews<R> = { readonly [K in CommandId]?: Preview<K, R> };

/** How the runtime reaches storage without depending on the store package. */
export interface TransactionOptions {
  /**
   * Everything the transaction reads stays as read until it commits, or it is run again: the
   * approval desk re-checks a preview and runs the command in one such transaction. SQLite's
   * writers are serial already; PostgreSQL runs it at SERIALIZABLE and retries serialization failures.
   */
  serializable?: boolean;
}

export interface UnitOfWork<R> {
  transaction<T>(mode: "read" | "write", fn: (repos: R) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** True for faults of the database itself (locked, read-only, disk full, gone). */
  isUnavailable?(error: unknown): boolean;
}
