// Sign in with a person's API key (one with approvals.decide), or with the one-time link that
// `npm start` prints (#/sign-in/stl_…, used as soon as the page opens).
import { useEffect, useState } from "preact/hooks";
import { asConsoleError, signIn, type Session } from "../api.js";
import { Notice } from "../parts/notice.js";

export function SignIn(props: { link: string | null; message: string | null; onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null);

  const attempt = (body: { api_key: string } | { sign_in_link: string }) => {
    setBusy(true);
    setError(null);
    signIn(body).then(props.onSignedIn, (failure: unknown) => {
      const e = asConsoleError(failure);
      setError({ message: e.message, hint: e.hint });
      setBusy(false);
    });
  };
  useEffect(() => {
    if (props.link) {
      // The link's token leaves the address bar (and history) before it is used.
      history.replaceState(null, "", `${location.pathname}#/sign-in`);
      attempt({ sign_in_link: props.link });
    }
  }, [props.link]);

  return (
    <main id="main" class="narrow">
      <h1>Sign in to the SalesTouch console</h1>
      {props.message && <Notice tone="info" message={props.message} />}
      {error && <Notice tone="error" message={error.message} hint={error.hint} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          attempt({ api_key: key });
        }}
      >
        <label for="api-key">Your API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" class="hint">
          A person's key with the <code>approvals.decide</code> scope (<code>salestouch keys create --name you --scopes '*,approvals.decide'</code>).
          It is sent once to open a session and is not kept in this page.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
