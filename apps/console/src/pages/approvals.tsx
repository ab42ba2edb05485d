// The approvals inbox (pending held calls, newest first, refreshed every few seconds without a
// reload) and the history of decided ones. Deciding goes through the approval desk's REST routes.
import type { ApprovalView } from "@salestouch/client";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { asConsoleError } from "../api.js";
import { useConsole } from "../context.js";
import { fromNow, when } from "../format.js";
import { Notice } from "../parts/notice.js";
import { Outcome, Preview } from "../parts/preview.js";
import { Scroll } from "../parts/scroll.js";

/** How often the inbox asks for new held calls (polling works the same behind any number of replicas). */
const INBOX_REFRESH_MS = 3_000;

type Load = { approvals: ApprovalView[]; error: string | null; loaded: boolean };

function usePending(): [Load, () => void] {
  const { api } = useConsole();
  const [state, setState] = useState<Load>({ approvals: [], error: null, loaded: false });
  const refresh = useCallback(() => {
    api.client.approvals.list({ status: "pending", limit: 200 }).then(
      (page) => setState({ approvals: page.approvals, error: null, loaded: true }),
      (error: unknown) => setState((s) => ({ ...s, error: asConsoleError(error).message, loaded: true })),
    );
  }, [api]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, INBOX_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return [state, refresh];
}

export function ApprovalsInbox() {
  const [state, refresh] = usePending();
  const [decided, setDecided] = useState<{ approval: ApprovalView; message: string }[]>([]);
  const onDecided = (approval: ApprovalView, message: string) => {
    setDecided((list) => [{ approval, message }, ...list].slice(0, 5));
    refresh();
  };
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">Approvals inbox</h1>
      <p class="lead">Calls your agents made that the workspace's rules hold for a person. Approving runs exactly what is shown, once.</p>
      {state.error && <Notice tone="error" message={state.error} />}
      <div aria-live="polite">
        {decided.map((d) => (
          <div class="notice notice-ok" role="status" key={d.approval.id}>
            <p>{d.message}</p>
            <Outcome approval={d.approval} />
          </div>
        ))}
      </div>
      {!state.loaded ? (
        <p class="loading">Loading held calls…</p>
      ) : state.approvals.length === 0 ? (
        <p class="empty">Nothing is waiting for you. New held calls appear here by themselves.</p>
      ) : (
        <ol class="cards" aria-label="Pending approval requests">
          {state.approvals.map((a) => (
            <li key={a.id}>
              <PendingCard approval={a} onDecided={onDecided} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function PendingCard(props: { approval: ApprovalView; onDecided: (approval: ApprovalView, message: string) => void }) {
  const { approval } = props;
  const { api, keyName } = useConsole();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null);
  const noteId = `note-${approval.id}`;
  const decide = (verb: "approve" | "deny") => {
    setBusy(true);
    setError(null);
    const call =
      verb === "approve" ? api.client.approvals.approve(approval.id, note || undefined) : api.client.approvals.deny(approval.id, note || undefined);
    call.then(
      (view) =>
        props.onDecided(
          view,
          verb === "approve"
            ? view.result?.ok === false
              ? `Approved ${view.command_id}, but it failed when it ran.`
              : `Approved ${view.command_id}; the agent gets the result when it checks back.`
            : `Denied ${view.command_id}; the agent is told it was denied.`,
        ),
      (failure: unknown) => {
        const e = asConsoleError(failure);
        const message =
          e.code === "approval_expired"
            ? `This request expired (at ${when(approval.expires_at)}) before anyone decided it; the agent must call again.`
            : e.code === "conflict"
              ? `Someone decided this request already: ${e.message}`
              : e.message;
        setError({ message, hint: e.hint });
        setBusy(false);
      },
    );
  };
  return (
    <article class="card" aria-labelledby={`title-${approval.id}`}>
      <header>
        <h2 id={`title-${approval.id}`}>
          <code>{approval.command_id}</code>
        </h2>
        <p class="meta">
          Asked by <strong>{keyName(approval.requested_by.key_id)}</strong> · {when(approval.requested_at)} ·{" "}
          <span title={when(approval.expires_at)}>expires {fromNow(approval.expires_at)}</span> · <span class="mono">{approval.id}</span>
        </p>
      </header>
      <Preview approval={approval} />
      {error && <Notice tone="error" message={error.message} hint={error.hint} />}
      <div class="decide">
        <label for={noteId}>Note (optional, shown to the agent)</label>
        <textarea id={noteId} rows={2} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => decide("approve")}>
            Approve
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => decide("deny")}>
            Deny
          </button>
        </div>
      </div>
    </article>
  );
}

export function ApprovalsHistory() {
  const { api, keyName } = useConsole();
  const [rows, setRows] = useState<ApprovalView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const first = useRef(true);
  const load = (from: string | null) => {
    api.client.approvals.list({ limit: 50, ...(from ? { cursor: from } : {}) }).then(
      (page) => {
        setRows((list) => [...(from ? list : []), ...page.approvals.filter((a) => a.status !== "pending")]);
        setCursor(page.next_cursor);
        setLoaded(true);
      },
      (failure: unknown) => {
        setError(asConsoleError(failure).message);
        setLoaded(true);
      },
    );
  };
  useEffect(() => {
    if (first.current) load(null);
    first.current = false;
  }, []);
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">Decided calls</h1>
      {error && <Notice tone="error" message={error} />}
      {!loaded ? (
        <p class="loading">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">No call has been decided yet.</p>
      ) : (
        <Scroll label="Decided calls">
          <table class="history">
            <caption>Approved, denied and expired requests, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Decision</th>
                <th scope="col">Asked by</th>
                <th scope="col">Decided by</th>
                <th scope="col">When</th>
                <th scope="col">Note</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <code>{a.command_id}</code>
                    <br />
                    <span class="mono small">{a.id}</span>
                  </td>
                  <td>
                    <span class={`badge badge-${a.status}`}>{a.status}</span>
                  </td>
                  <td>{keyName(a.requested_by.key_id)}</td>
                  <td>{a.decided_by ? keyName(a.decided_by.key_id) : "—"}</td>
                  <td>{when(a.decided_at ?? a.expires_at)}</td>
                  <td>{a.note ?? "—"}</td>
                  <td>{a.status === "approved" ? <Outcome approval={a} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          Show older
        </button>
      )}
    </section>
  );
}
