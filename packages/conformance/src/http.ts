// The deployment under test, over plain HTTP: the kit looks at the wire (statuses, bodies) as it is.
export interface Answer {
  status: number;
  body: unknown;
  /** The raw text when the body is not JSON. */
  text: string;
}

export class Unreachable extends Error {}

export interface Target {
  baseUrl: string;
  timeoutMs: number;
  request(path: string, init: { method?: string; key?: string | null; body?: unknown }): Promise<Answer>;
}

export function createTarget(baseUrl: string, timeoutMs: number): Target {
  const root = baseUrl.replace(/\/+$/, "");
  return {
    baseUrl: root,
    timeoutMs,
    async request(path, init) {
      const headers: Record<string, string> = { accept: "application/json" };
      if (init.key) headers["authorization"] = `Bearer ${init.key}`;
      if (init.body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      try {
        response = await fetch(`${root}${path}`, {
          method: init.method ?? (init.body === undefined ? "GET" : "POST"),
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why =
          (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
        throw new Unreachable(`cannot reach ${root}: ${why}`);
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, body, text };
    },
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short description of an answer for a failure message. */
export function describeAnswer(answer: Answer): string {
  const shown = answer.body === undefined ? JSON.stringify(answer.text.slice(0, 120)) : JSON.stringify(answer.body).slice(0, 300);
  return `HTTP ${answer.status} ${shown}`;
}
