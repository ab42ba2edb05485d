// Redirects are never followed. A request carries the API key (and a command's input); a server
// that answers 3xx — hostile, or a proxy set up wrongly — would otherwise have the key sent on to
// an address nobody configured. The caller gets an error naming where the server pointed instead.
import { ApiError } from "./errors.js";

/** Whether `response` is a redirect that was not followed (3xx under `redirect: "manual"`, or a browser's opaque redirect). */
export function isRedirect(response: Response): boolean {
  return response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
}

/** The error for a redirect answer to `requestUrl`: it names the status and the target (resolved against the request). */
export function redirectError(response: Response, requestUrl: string, attempts = 1): ApiError {
  const location = response.headers.get("location");
  let target = "an address it did not show";
  if (location) {
    try {
      target = new URL(location, requestUrl).href;
    } catch {
      target = JSON.stringify(location.slice(0, 200));
    }
  }
  const from = new URL(requestUrl).origin;
  const status = response.status === 0 ? "a redirect" : `HTTP ${response.status}, a redirect`;
  return new ApiError(
    response.status,
    "redirected",
    `${from} answered ${status} to ${target}; the client does not follow redirects, so nothing was sent there (the API key stays with ${from})`,
    `If ${target} is the SalesTouch server, set the base URL to its root; otherwise check what answers at ${from}.`,
    { attempts },
  );
}

/** fetch that never follows a redirect: a 3xx answer throws redirectError. */
export async function fetchNoRedirect(fetchImpl: typeof fetch, input: string | Request, init: RequestInit = {}): Promise<Response> {
  const response = await fetchImpl(input, { ...init, redirect: "manual" });
  if (isRedirect(response)) {
    await response.body?.cancel().catch(() => undefined);
    throw redirectError(response, typeof input === "string" ? input : input.url);
  }
  return response;
}
