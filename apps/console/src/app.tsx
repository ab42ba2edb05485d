// The console shell: the session (signed in or not), the navigation and the current page.
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { apiFor, asConsoleError, readSession, signOut, type KeySummary, type Session } from "./api.js";
import { Context, type ConsoleContext } from "./context.js";
import { ApprovalsHistory, ApprovalsInbox } from "./pages/approvals.js";
import { Drafts } from "./pages/drafts.js";
import { MissionPage } from "./pages/mission.js";
import { Missions } from "./pages/missions.js";
import { SignIn } from "./pages/sign-in.js";
import { Notice } from "./parts/notice.js";
import { href, useRoute, type Route } from "./route.js";

type State =
  | { kind: "loading" }
  | { kind: "signed-out"; message: string | null }
  | { kind: "signed-in"; session: Session }
  | { kind: "failed"; message: string };

const PAGES: { route: Route["page"]; label: string; href: string }[] = [
  { route: "inbox", label: "Approvals", href: href.inbox },
  { route: "history", label: "History", href: href.history },
  { route: "missions", label: "Missions", href: href.missions },
  { route: "drafts", label: "Drafts", href: href.drafts },
];

export function App() {
  const route = useRoute();
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback(() => {
    readSession().then(
      (session) => setState(session ? { kind: "signed-in", session } : { kind: "signed-out", message: null }),
      (error: unknown) => setState({ kind: "failed", message: asConsoleError(error).message }),
    );
  }, []);
  useEffect(load, [load]);

  if (state.kind === "loading") return <p class="loading">Loading the console…</p>;
  if (state.kind === "failed") {
    return (
      <main id="main" class="narrow">
        <h1>SalesTouch console</h1>
        <Notice tone="error" message={state.message} />
        <button
          type="button"
          onClick={() => {
            setState({ kind: "loading" });
            load();
          }}
        >
          Try again
        </button>
      </main>
    );
  }
  if (state.kind === "signed-out" || route.page === "sign-in") {
    return (
      <SignIn
        link={route.page === "sign-in" ? route.link : null}
        message={state.kind === "signed-out" ? state.message : null}
        onSignedIn={(session) => {
          setState({ kind: "signed-in", session });
          location.hash = href.inbox;
        }}
      />
    );
  }
  return <SignedIn session={state.session} route={route} onSignedOut={(message) => setState({ kind: "signed-out", message })} />;
}

function SignedIn(props: { session: Session; route: Route; onSignedOut: (message: string | null) => void }) {
  const { session, route, onSignedOut } = props;
  const api = useMemo(
    () => apiFor(session, () => onSignedOut("Your session has ended (signed out elsewhere, expired, or its key was revoked). Sign in again.")),
    [session],
  );
  const [keys, setKeys] = useState<Map<string, KeySummary>>(new Map());
  const [signOutError, setSignOutError] = useState<string | null>(null);
  useEffect(() => {
    api.keys().then(
      (list) => setKeys(new Map(list.map((k) => [k.id, k]))),
      () => setKeys(new Map()),
    );
  }, [api]);
  const context: ConsoleContext = {
    api,
    session,
    keyName: (id) => {
      if (id === null) return "a person at the server's machine";
      const key = keys.get(id);
      return key ? `${key.name} (${key.display_prefix})` : id;
    },
  };
  const leave = () => {
    signOut(session).then(
      () => onSignedOut("You are signed out."),
      (error: unknown) => setSignOutError(asConsoleError(error).message),
    );
  };
  const current = route.page === "mission" ? "missions" : route.page;
  return (
    <Context.Provider value={context}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">SalesTouch console</span>
        <nav aria-label="Console">
          <ul>
            {PAGES.map((p) => (
              <li key={p.route}>
                <a href={p.href} aria-current={current === p.route ? "page" : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
            <li>
              <a href="/docs">API reference</a>
            </li>
          </ul>
        </nav>
        <span class="who">
          Signed in as <strong>{session.key_name}</strong>
        </span>
        <button type="button" class="quiet" onClick={leave}>
          Sign out
        </button>
      </header>
      {signOutError && <Notice tone="error" message={signOutError} />}
      <main id="main" tabIndex={-1}>
        {route.page === "inbox" && <ApprovalsInbox />}
        {route.page === "history" && <ApprovalsHistory />}
        {route.page === "missions" && <Missions />}
        {route.page === "mission" && <MissionPage missionId={route.missionId} />}
        {route.page === "drafts" && <Drafts />}
      </main>
    </Context.Provider>
  );
}
