// What a person approves is what runs (docs/approvals.md "What an approval is bound to"). A held
// call stores, besides its input, a binding: a digest of the preview it showed, of every record
// the preview read through its repositories, and of any outside state it observed (a file's
// content). Approving runs the preview again inside the approval's transaction and compares; any
// difference means the person looked at something that is no longer true, and the command does
// not run (approval_stale). Every command that can be held gets this from the runtime: a preview
// is all a command writes, and the recording happens around it.
import { nodeCrypto } from "./node-crypto.js";
import type { CommandDefinition } from "@salestouch/contracts";
import type { Principal } from "./auth.js";
import { canonicalJson } from "./canonical.js";
import { invokePreview, type Core, type RunState } from "./command-run.js";
import { CommandError } from "./errors.js";
import type { ApprovalRecord } from "./kernel-store.js";

/** One read the preview made: which repository call (arguments without the workspace) and a digest of what it returned. */
interface BoundRead {
  what: string;
  digest: string;
}

export interface Binding {
  /** Digest of the preview's canonical JSON; null for a command held with the generic pending shape. */
  preview: string | null;
  reads: BoundRead[];
  /** Outside state by name (ctx.observe), e.g. the sha256 of a csv_path file. */
  observed: Record<string, string>;
}

const digest = (value: unknown): string =>
  nodeCrypto()
    .createHash("sha256")
    .update(canonicalJson(value ?? null))
    .digest("hex");

function describeCall(repository: string, method: string, args: unknown[], workspaceId: string): string {
  const shown = args.filter((a) => a !== workspaceId).map((a) => (typeof a === "string" ? a : canonicalJson(a ?? null)));
  return `${repository}.${method}(${shown.join(", ")})`;
}

/**
 * The repositories with every method call recorded: each repository object is wrapped so that the
 * result of each call (awaited) is digested in call order. Repositories are plain objects of
 * methods, so this needs to know none of them: a repository added later is recorded too.
 */
function recording<R>(repos: R, reads: BoundRead[], workspaceId: string): R {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(repos as object, {
    get(target, name, receiver) {
      const repository: unknown = Reflect.get(target, name, receiver);
      if (repository === null || typeof repository !== "object") return repository;
      if (!wrapped.has(name)) {
        wrapped.set(
          name,
          new Proxy(repository, {
            get(repo, method) {
              const member: unknown = Reflect.get(repo, method, repo);
              if (typeof member !== "function") return member;
              return (...args: unknown[]) => {
                const slot: BoundRead = { what: describeCall(String(name), String(method), args, workspaceId), digest: "" };
                reads.push(slot);
                const result: unknown = (member as (...a: unknown[]) => unknown).apply(repo, args);
                if (!(result instanceof Promise)) {
                  slot.digest = digest(result);
                  return result;
                }
                return result.then((value: unknown) => {
                  slot.digest = digest(value);
                  return value;
                });
              };
            },
          }),
        );
      }
      return wrapped.get(name);
    },
  }) as R;
}

/** Runs the command's preview (if it has one) recording what it read; the preview writes nothing. */
export async function bindPreview<R>(
  core: Core<R>,
  definition: CommandDefinition,
  input: unknown,
  principal: Principal,
  repos: R,
  state: RunState,
): Promise<{ preview: unknown; binding: Binding }> {
  if (definition.approvalOutputSchema === null) return { preview: null, binding: { preview: null, reads: [], observed: {} } };
  const reads: BoundRead[] = [];
  state.observed = {};
  const preview = await invokePreview(core, definition, input, principal, recording(repos, reads, principal.workspaceId), state);
  const observed = state.observed;
  state.observed = undefined;
  return { preview, binding: { preview: digest(preview), reads, observed } };
}

export function parseBinding(record: ApprovalRecord): Binding | null {
  return record.binding_json === null ? null : (JSON.parse(record.binding_json) as Binding);
}

/** What differs between the binding stored with a request and the state now, in words; empty when nothing does. */
export function changesSince(stored: Binding | null, record: ApprovalRecord, now: { preview: unknown; binding: Binding }): string[] {
  if (stored === null) {
    // A request held before bindings were stored: its preview is all there is to compare.
    const before = record.preview_json === null ? null : digest(JSON.parse(record.preview_json));
    return before === (now.preview === null ? null : digest(now.preview)) ? [] : ["the preview"];
  }
  const changes: string[] = [];
  const count = Math.max(stored.reads.length, now.binding.reads.length);
  for (let i = 0; i < count; i++) {
    const was = stored.reads[i];
    const is = now.binding.reads[i];
    if (was?.what !== is?.what) {
      changes.push(`what the preview reads (${was?.what ?? "nothing"} became ${is?.what ?? "nothing"})`);
      break;
    }
    if (was!.digest !== is!.digest) changes.push(was!.what);
  }
  for (const name of new Set([...Object.keys(stored.observed), ...Object.keys(now.binding.observed)])) {
    if (stored.observed[name] !== now.binding.observed[name]) changes.push(name);
  }
  if (changes.length === 0 && stored.preview !== now.binding.preview) changes.push("the preview");
  return changes;
}

export function staleError(record: ApprovalRecord, changes: readonly string[]): CommandError {
  return new CommandError(
    "approval_stale",
    `approval request ${record.id} for ${record.command_id} is void: what its preview showed changed since it was shown (${changes.join("; ")}); the command did not run`,
    {
      hint: `Nothing was done. The caller calls ${record.command_id} again without approval_request_id to get a new request whose preview shows the current state, and a person decides that one.`,
    },
  );
}

/** An approved run observed outside state (ctx.observe) other than its preview did. */
export function observedStale(record: ApprovalRecord, name: string): CommandError {
  return staleError(record, [`${name} (read again while running)`]);
}
