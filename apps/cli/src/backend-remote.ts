// Remote mode: the command goes to a SalesTouch server over HTTP with the configured key. Faults
// before an envelope comes back (no key, refused connection, rejected key) become CliErrors that
// say which URL and which setting were used.
import { ApiError, createClient, type SalesTouchClient } from "@salestouch/client";
import { SURFACE_HEADER } from "@salestouch/contracts";
import type { Settings } from "@salestouch/host/settings";
import type { Backend } from "./backend.js";
import { CliError } from "./cli-error.js";
import { isCatalogueCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { uploadLocalFiles } from "./remote-files.js";
import { describeOrigin } from "./setting-origin.js";

const CREATE_KEY = "create one on the server's machine with `salestouch keys create --name <name>` (or `npm run keys:create`)";

function checkedBaseUrl(settings: Settings): { url: string; origin: string } {
  const setting = settings.baseUrl!;
  const origin = describeOrigin(setting, "baseUrl");
  let parsed: URL | null = null;
  try {
    parsed = new URL(setting.value);
  } catch {
    parsed = null;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) {
    throw new CliError("invalid_input", `the base URL ${JSON.stringify(setting.value)} from ${origin} is not an http(s) URL`, {
      hint: "Set it to the server's address, e.g. http://127.0.0.1:3000, or remove it to use local mode (see `salestouch config show`).",
    });
  }
  return { url: setting.value.replace(/\/+$/, ""), origin };
}

function connectionFailure(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.kind !== "network") return null;
  const cause = (error.cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? "the connection failed";
}

function translate(error: unknown, baseUrl: { url: string; origin: string }, credentialOrigin: string): CliError {
  if (error instanceof ApiError && error.code === "redirected") {
    return new CliError("unavailable", `${error.message} (base URL from ${baseUrl.origin})`, {
      hint: "Set the base URL to the SalesTouch server's own address (no redirect in between); `salestouch config show` shows where it comes from.",
      cause: error,
    });
  }
  if (error instanceof ApiError && error.code === "invalid_response") {
    return new CliError("unavailable", `the server at ${baseUrl.url} (base URL from ${baseUrl.origin}) did not answer with SalesTouch JSON`, {
      hint: "Point the base URL at a SalesTouch server's root, e.g. http://127.0.0.1:3000.",
      cause: error,
    });
  }
  if (error instanceof ApiError && error.kind === "http") {
    const code = isCatalogueCode(error.code) ? error.code : "internal_error";
    const hint = code === "unauthenticated" ? `Check the key in ${credentialOrigin}; ${CREATE_KEY}.` : error.hint;
    return new CliError(code, `${error.message} (HTTP ${error.status} from ${baseUrl.url})`, { hint, cause: error });
  }
  if (error instanceof ApiError && error.kind === "timeout") {
    return new CliError("unavailable", `${error.message} (base URL from ${baseUrl.origin})`, { hint: error.hint, cause: error });
  }
  const refused = connectionFailure(error);
  if (refused) {
    return new CliError("unavailable", `cannot reach the SalesTouch server at ${baseUrl.url} (base URL from ${baseUrl.origin}): ${refused}`, {
      hint: "Start the server (`npm start`), fix the base URL, or remove it to use local mode; `salestouch config show` shows every setting.",
      cause: error,
    });
  }
  throw error;
}

/** The client for the configured server, and a wrapper that turns its failures into CliErrors. */
export function connectRemote(settings: Settings): { client: SalesTouchClient; call<T>(fn: (client: SalesTouchClient) => Promise<T>): Promise<T> } {
  const baseUrl = checkedBaseUrl(settings);
  if (settings.untrustedBaseUrl) {
    throw new CliError("forbidden", settings.untrustedBaseUrl, { hint: "Run `salestouch config show` to see where each setting comes from." });
  }
  const credential = settings.credential;
  if (!credential) {
    throw new CliError("unauthenticated", `remote mode (base URL ${baseUrl.url} from ${baseUrl.origin}) needs an API key, and none is configured`, {
      hint: `Set SALESTOUCH_API_KEY or "apiKey" in ${settings.projectFile ?? settings.globalFile}; ${CREATE_KEY}.`,
    });
  }
  const client = createClient({
    baseUrl: baseUrl.url,
    // One attempt, as long as it takes: a person at the terminal sees a failure at once and decides
    // whether to run it again, and interrupts a call that takes too long.
    retry: false,
    timeoutMs: 0,
    // The server words its hints for a terminal: CLI verbs and flags, not routes.
    headers: { [SURFACE_HEADER]: "cli" },
    ...(credential.kind === "apiKey" ? { apiKey: credential.value } : { accessToken: credential.value }),
  });
  const credentialOrigin = describeOrigin(credential, credential.kind);
  return {
    client,
    async call(fn) {
      try {
        return await fn(client);
      } catch (error) {
        throw translate(error, baseUrl, credentialOrigin);
      }
    },
  };
}

export function openRemoteBackend(settings: Settings, io: CliIo, quiet: boolean): Backend {
  const remote = connectRemote(settings);
  return {
    run: (commandId, input, profile, extras = {}) =>
      remote.call(async (client) => {
        const sent = await uploadLocalFiles(client, commandId, input, { cwd: io.cwd, stderr: io.stderr, quiet });
        return client.runAny(commandId, sent, { profile, ...extras });
      }),
    close: async () => undefined,
  };
}
