// Drafts awaiting review: the variations side by side; pick one, edit it, approve it or cancel
// the draft — each through the linkedin.draft.* commands, so the workspace's rules apply (an
// approval held by a rule lands in the inbox).
import type { CommandOutput } from "@salestouch/client";
import { useEffect, useState } from "preact/hooks";
import { asConsoleError } from "../api.js";
import { useConsole } from "../context.js";
import { when } from "../format.js";
import { Notice } from "../parts/notice.js";

type Draft = CommandOutput<"linkedin.draft.list">["drafts"][number];
type Message = { tone: "error" | "ok"; text: string; hint?: string | undefined };

export function Drafts() {
  const { api } = useConsole();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const load = () => {
    api.run("linkedin.draft.list", { status: "PENDING_REVIEW", limit: 50 }).then(
      (page) => setDrafts(page.drafts),
      (failure: unknown) => setError(asConsoleError(failure).message),
    );
  };
  useEffect(load, [api]);
  const finished = (text: string) => {
    setDone((list) => [text, ...list].slice(0, 5));
    load();
  };
  return (
    <section aria-labelledby="drafts-title">
      <h1 id="drafts-title">Drafts awaiting review</h1>
      {error && <Notice tone="error" message={error} />}
      <div aria-live="polite">
        {done.map((text, i) => (
          <Notice key={i} tone="ok" message={text} />
        ))}
      </div>
      {drafts === null ? (
        !error && <p class="loading">Loading drafts…</p>
      ) : drafts.length === 0 ? (
        <p class="empty">No draft is waiting for review.</p>
      ) : (
        <ol class="cards" aria-label="Drafts">
          {drafts.map((d) => (
            <li key={d.draft_id}>
              <DraftCard draft={d} onFinished={finished} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function DraftCard(props: { draft: Draft; onFinished: (text: string) => void }) {
  const { draft } = props;
  const { api } = useConsole();
  const [picked, setPicked] = useState(draft.selected_variation_index ?? 0);
  const [texts, setTexts] = useState(draft.variations.map((v) => v.body_text));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const edited = texts.some((t, i) => t !== draft.variations[i]?.body_text);
  const who = draft.recipient.name ?? "this lead";

  const failed = (failure: unknown) => {
    const e = asConsoleError(failure);
    const text = e.code === "conflict" || e.code === "not_found" ? `This draft changed meanwhile: ${e.message}` : e.message;
    setMessage({ tone: "error", text, hint: e.hint });
    setBusy(false);
  };
  const save = async () => {
    if (edited)
      await api.run("linkedin.draft.update", {
        draft_id: draft.draft_id,
        variations: texts.map((body_text) => ({ body_text })) as [{ body_text: string }, ...{ body_text: string }[]],
      });
  };
  const approve = () => {
    setBusy(true);
    setMessage(null);
    save()
      .then(() => api.run("linkedin.draft.approve", { draft_id: draft.draft_id, variation_index: picked }))
      .then(() => props.onFinished(`Approved variation ${picked + 1} of the draft for ${who}; it is ready to send.`), failed);
  };
  const saveOnly = () => {
    setBusy(true);
    save().then(() => {
      setMessage({ tone: "ok", text: "Saved." });
      setBusy(false);
    }, failed);
  };
  const cancel = () => {
    setBusy(true);
    api.run("linkedin.draft.cancel", { draft_id: draft.draft_id }).then(() => props.onFinished(`Cancelled the draft for ${who}.`), failed);
  };
  const group = `variations-${draft.draft_id}`;
  return (
    <article class="card" aria-labelledby={`draft-${draft.draft_id}`}>
      <header>
        <h2 id={`draft-${draft.draft_id}`}>
          {draft.type === "INVITATION" ? "Invitation" : "Message"} to {who}
        </h2>
        <p class="meta">
          {[draft.recipient.job_title, draft.recipient.company].filter(Boolean).join(" at ")} · written {when(draft.created_at)} ·{" "}
          <span class="mono">{draft.draft_id}</span>
        </p>
      </header>
      <fieldset class="variations">
        <legend>Pick the variation to send</legend>
        {texts.map((text, i) => (
          <div class={`variation${picked === i ? " picked" : ""}`} key={i}>
            <input type="radio" id={`${group}-${i}`} name={group} checked={picked === i} onChange={() => setPicked(i)} />
            <label class="pick-label" for={`${group}-${i}`}>
              Variation {i + 1}
            </label>
            <label class="visually-hidden" for={`${group}-${i}-text`}>
              Text of variation {i + 1}
            </label>
            <textarea
              id={`${group}-${i}-text`}
              rows={6}
              maxLength={draft.type === "INVITATION" ? 300 : 8000}
              value={text}
              onInput={(e) => setTexts(texts.map((t, j) => (j === i ? (e.target as HTMLTextAreaElement).value : t)))}
            />
            <p class="small">
              {text.length} characters{draft.type === "INVITATION" ? " of 300" : ""}
            </p>
          </div>
        ))}
      </fieldset>
      {message && <Notice tone={message.tone} message={message.text} hint={message.hint} />}
      <div class="actions">
        <button type="button" disabled={busy} onClick={approve}>
          Approve variation {picked + 1}
        </button>
        <button type="button" class="quiet" disabled={busy || !edited} onClick={saveOnly}>
          Save edits
        </button>
        <button type="button" class="danger" disabled={busy} onClick={cancel}>
          Cancel draft
        </button>
      </div>
    </article>
  );
}
