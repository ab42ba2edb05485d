// Every mission with its live numbers.
import type { CommandOutput } from "@salestouch/client";
import { useEffect, useState } from "preact/hooks";
import { asConsoleError } from "../api.js";
import { useConsole } from "../context.js";
import { when } from "../format.js";
import { Notice } from "../parts/notice.js";
import { href } from "../route.js";
import { Scroll } from "../parts/scroll.js";

type Mission = CommandOutput<"mission.list">["missions"][number];

export function Missions() {
  const { api } = useConsole();
  const [missions, setMissions] = useState<Mission[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (from: string | null) => {
    api.run("mission.list", { limit: 50, ...(from ? { cursor: from } : {}) }).then(
      (page) => {
        setMissions((list) => [...(from && list ? list : []), ...page.missions]);
        setCursor(page.next_cursor);
      },
      (failure: unknown) => setError(asConsoleError(failure).message),
    );
  };
  useEffect(() => load(null), [api]);
  return (
    <section aria-labelledby="missions-title">
      <h1 id="missions-title">Missions</h1>
      {error && <Notice tone="error" message={error} />}
      {missions === null ? (
        !error && <p class="loading">Loading missions…</p>
      ) : missions.length === 0 ? (
        <p class="empty">No mission yet.</p>
      ) : (
        <Scroll label="Missions">
          <table>
            <caption>Missions, with leads, contacted and replied</caption>
            <thead>
              <tr>
                <th scope="col">Mission</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Leads
                </th>
                <th scope="col" class="num">
                  Contacted
                </th>
                <th scope="col" class="num">
                  Replied
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {missions.map((m) => (
                <tr key={m.id}>
                  <td>
                    <a href={href.mission(m.id)}>{m.name}</a>
                  </td>
                  <td>{m.status}</td>
                  <td class="num">{m.stats.leads}</td>
                  <td class="num">{m.stats.contacted}</td>
                  <td class="num">{m.stats.replied}</td>
                  <td>{when(m.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          Show more
        </button>
      )}
    </section>
  );
}
