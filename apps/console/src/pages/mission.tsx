// One mission: its brief and offer, the funnel, its imports with their counts, and its leads.
import type { CommandOutput } from "@salestouch/client";
import { useCallback, useEffect, useState } from "preact/hooks";
import { asConsoleError } from "../api.js";
import { useConsole } from "../context.js";
import { display, when } from "../format.js";
import { Funnel } from "../parts/funnel.js";
import { LeadsTable } from "../parts/leads-table.js";
import { Notice } from "../parts/notice.js";
import { RowSample } from "../parts/preview.js";
import { href } from "../route.js";
import { Scroll } from "../parts/scroll.js";

type Mission = CommandOutput<"mission.get">["mission"];
type ImportSummary = CommandOutput<"import.list">["imports"][number];
type ScoringStatus = CommandOutput<"scoring.status.get">;

export function MissionPage(props: { missionId: string }) {
  const { api } = useConsole();
  const [mission, setMission] = useState<Mission | null>(null);
  const [imports, setImports] = useState<ImportSummary[]>([]);
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null);
  const [shown, setShown] = useState<ImportSummary | null>(null);
  const [scoring, setScoring] = useState<ScoringStatus | null>(null);
  const load = useCallback(() => {
    // The qualified count is a line of its own: the page stands without it.
    api.run("scoring.status.get", { mission_id: props.missionId }).then(setScoring, () => setScoring(null));
    Promise.all([api.run("mission.get", { mission_id: props.missionId }), api.run("import.list", { mission_id: props.missionId, limit: 50 })]).then(
      ([got, list]) => {
        setMission(got.mission);
        setImports(list.imports);
      },
      (failure: unknown) => {
        const e = asConsoleError(failure);
        setError({ message: e.message, hint: e.hint });
      },
    );
  }, [api, props.missionId]);
  useEffect(load, [load]);

  if (error)
    return (
      <section>
        <h1>Mission</h1>
        <Notice tone="error" message={error.message} hint={error.hint} />
        <p>
          <a href={href.missions}>Back to missions</a>
        </p>
      </section>
    );
  if (!mission) return <p class="loading">Loading the mission…</p>;
  const brief = mission.brief;
  return (
    <section aria-labelledby="mission-title">
      <p class="crumbs">
        <a href={href.missions}>Missions</a> / {mission.name}
      </p>
      <h1 id="mission-title">
        {mission.name} <span class={`badge badge-${mission.status}`}>{mission.status}</span>
      </h1>
      <div class="columns">
        <div>
          <h2>Brief</h2>
          <dl class="facts">
            <div>
              <dt>Description</dt>
              <dd>{display(brief.description)}</dd>
            </div>
            <div>
              <dt>Audience</dt>
              <dd>{display(brief.target_audience)}</dd>
            </div>
            <div>
              <dt>Desired action</dt>
              <dd>{display(brief.desired_action)}</dd>
            </div>
            <div>
              <dt>Tone</dt>
              <dd>{display(brief.tone_instructions)}</dd>
            </div>
            <div>
              <dt>Offer</dt>
              <dd>
                {brief.offer_name ? (
                  <>
                    {brief.offer_name}
                    {brief.offer_summary ? ` — ${brief.offer_summary}` : ""}
                  </>
                ) : (
                  "none linked"
                )}
              </dd>
            </div>
          </dl>
        </div>
        <div>
          <h2>Funnel</h2>
          <Funnel counts={mission.stats} />
          {scoring && <Qualified status={scoring} />}
        </div>
      </div>
      <h2>Imports</h2>
      {imports.length === 0 ? (
        <p class="empty">No import into this mission yet.</p>
      ) : (
        <Scroll label="Imports into this mission">
          <table>
            <caption>Imports into this mission, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Import</th>
                <th scope="col">When</th>
                <th scope="col" class="num">
                  Created
                </th>
                <th scope="col" class="num">
                  Updated
                </th>
                <th scope="col" class="num">
                  Skipped
                </th>
                <th scope="col" class="num">
                  Invalid
                </th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.import_id}>
                  <td>
                    {i.name} <span class="small">({i.type})</span>
                  </td>
                  <td>{when(i.created_at)}</td>
                  <td class="num">{i.created_count}</td>
                  <td class="num">{i.updated_count}</td>
                  <td class="num">{i.skipped_count}</td>
                  <td class="num">
                    {i.invalid_count > 0 ? (
                      <button
                        type="button"
                        class="link"
                        onClick={() => setShown(i)}
                        aria-label={`${i.invalid_count} invalid: show the rows of ${i.name}`}
                      >
                        {i.invalid_count}
                      </button>
                    ) : (
                      i.invalid_count
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {shown && <InvalidRows key={shown.import_id} summary={shown} onClose={() => setShown(null)} />}
      <h2>Leads</h2>
      <LeadsTable missionId={mission.id} onChanged={load} />
    </section>
  );
}

/** How many of the mission's leads reach the active scoring profile's threshold (docs/scoring.md). */
function Qualified(props: { status: ScoringStatus }) {
  const { profile_version: version, threshold, mission_leads: m } = props.status;
  if (version === null)
    return (
      <p class="qualified" data-total={m.total}>
        No scoring profile yet: leads keep the score they were imported with.
      </p>
    );
  const pending = m.older + m.unscored;
  return (
    <p class="qualified" data-total={m.total} data-qualified={m.qualified}>
      {m.qualified} of {m.total} leads qualified (score ≥ {threshold}, profile version {version})
      {pending > 0 ? `; ${pending} waiting to be rescored` : ""}
    </p>
  );
}

/** The rows an import left out, with the reason each was refused (import.get keeps the first 100). */
function InvalidRows(props: { summary: ImportSummary; onClose: () => void }) {
  const { api } = useConsole();
  const [rows, setRows] = useState<CommandOutput<"import.get">["invalid_rows"] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.run("import.get", { import_id: props.summary.import_id }).then(
      (detail) => {
        setRows(detail.invalid_rows);
        setTruncated(detail.invalid_rows_truncated);
      },
      (failure: unknown) => setError(asConsoleError(failure).message),
    );
  }, [api, props.summary.import_id]);
  return (
    <section class="invalid-rows" aria-labelledby="invalid-title">
      <h3 id="invalid-title">Rows “{props.summary.name}” left out</h3>
      {error && <Notice tone="error" message={error} />}
      {rows === null ? (
        !error && <p class="loading">Loading the invalid rows…</p>
      ) : (
        <RowSample
          rows={rows.map((r) => ({ row: r.row, lead: r.lead, field: r.field, value: r.value, reason: r.reason }))}
          caption={truncated ? `The first ${rows.length} of ${props.summary.invalid_count} invalid rows` : `${rows.length} invalid rows`}
        />
      )}
      <button type="button" class="quiet" onClick={props.onClose}>
        Hide the invalid rows
      </button>
    </section>
  );
}
