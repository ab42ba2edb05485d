// A mission's leads: searched and paged with lead.search, each row's status read with lead.get
// and changed with lead.update_status (DoNotContact included; leaving it needs a confirmation).
// The status names come from the command's published schema, not from a list kept here.
import type { CommandOutput } from "@salestouch/client";
import { useEffect, useState } from "preact/hooks";
import { asConsoleError } from "../api.js";
import { useConsole } from "../context.js";
import { Notice } from "./notice.js";
import { Scroll } from "./scroll.js";

const PAGE = 20;
type Lead = CommandOutput<"lead.search">["leads"][number];
type Row = Lead & { status: string | null };

export function LeadsTable(props: { missionId: string; onChanged: () => void }) {
  const { api } = useConsole();
  const [statuses, setStatuses] = useState<string[]>([]);
  const [query, setQuery] = useState("");
  const [applied, setApplied] = useState("");
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [count, setCount] = useState(0);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string; hint?: string | undefined } | null>(null);

  useEffect(() => {
    api.client.schema("lead.update_status").then(
      (d) => {
        const status = (d.input_schema as { properties?: { status?: { enum?: string[] } } }).properties?.status?.enum ?? [];
        setStatuses(status);
      },
      () => setStatuses([]),
    );
  }, [api]);

  const load = () => {
    const input = {
      mission_id: props.missionId,
      limit: PAGE,
      offset,
      sort: applied ? ("relevance" as const) : ("newest" as const),
      ...(applied ? { query: applied } : {}),
    };
    api.run("lead.search", input).then(
      async (found) => {
        setCount(found.count);
        const withStatus = await Promise.all(
          found.leads.map(async (lead) => {
            const got = await api.run("lead.get", { lead_id: lead.lead_id, mission_id: props.missionId }).catch(() => null);
            return { ...lead, status: got?.lead.status ?? null };
          }),
        );
        setRows(withStatus);
      },
      (failure: unknown) => {
        const e = asConsoleError(failure);
        setMessage({ tone: "error", text: e.message, hint: e.hint });
        setRows([]);
      },
    );
  };
  useEffect(load, [api, props.missionId, applied, offset]);

  const change = (lead: Row, status: string) => {
    const leavingDnc = lead.status === "DoNotContact" && status !== "DoNotContact";
    if (leavingDnc && !confirm(`${lead.name} is marked DoNotContact. Move them to ${status} anyway?`)) return;
    api
      .run("lead.update_status", {
        lead_id: lead.lead_id,
        mission_id: props.missionId,
        status: status as never,
        ...(leavingDnc ? { clear_do_not_contact: true } : {}),
      })
      .then(
        () => {
          setMessage({ tone: "ok", text: `${lead.name} is now ${status}.` });
          load();
          props.onChanged();
        },
        (failure: unknown) => {
          const e = asConsoleError(failure);
          setMessage({ tone: "error", text: e.message, hint: e.hint });
        },
      );
  };

  return (
    <div class="leads">
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setApplied(query.trim());
        }}
      >
        <label for="lead-query">Search leads</label>
        <input
          id="lead-query"
          type="search"
          value={query}
          maxLength={200}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          placeholder="name, company, title"
        />
        <button type="submit">Search</button>
      </form>
      {message && <Notice tone={message.tone} message={message.text} hint={message.hint} />}
      {rows === null ? (
        <p class="loading">Loading leads…</p>
      ) : rows.length === 0 ? (
        <p class="empty">No lead matches.</p>
      ) : (
        <Scroll label="Leads of this mission">
          <table class="leads-table">
            <caption>
              {count} lead{count === 1 ? "" : "s"}
              {applied ? ` matching “${applied}”` : ""}; showing {offset + 1}–{offset + rows.length}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Company</th>
                <th scope="col">Title</th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((lead) => (
                <tr key={lead.lead_id}>
                  <td>{lead.name}</td>
                  <td>{lead.company}</td>
                  <td>{lead.job_title}</td>
                  <td class="num">{lead.score}</td>
                  <td>
                    <StatusPicker lead={lead} statuses={statuses} onSet={(status) => change(lead, status)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <div class="pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Previous
        </button>
        <button type="button" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
          Next
        </button>
      </div>
    </div>
  );
}

/** A status choice applied with its button, so moving through the list with the keyboard changes nothing. */
function StatusPicker(props: { lead: Row; statuses: string[]; onSet: (status: string) => void }) {
  const { lead } = props;
  const [choice, setChoice] = useState(lead.status ?? "");
  useEffect(() => setChoice(lead.status ?? ""), [lead.status]);
  const id = `status-${lead.lead_id}`;
  return (
    <span class="picker">
      <label class="visually-hidden" for={id}>
        Status of {lead.name}
      </label>
      <select id={id} value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
        {lead.status === null && <option value="">unknown</option>}
        {props.statuses.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="small"
        disabled={choice === "" || choice === lead.status}
        onClick={() => props.onSet(choice)}
        aria-label={`Set the status of ${lead.name}`}
      >
        Set
      </button>
    </span>
  );
}
