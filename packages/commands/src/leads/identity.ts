// Normalising the identifiers that say who a lead is (docs/imports-and-leads.md "Identity"): emails
// are matched lower-cased, LinkedIn profiles by their /in/<name> slug, Sales Navigator ids exactly.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const SALES_NAV_ID = /^[A-Za-z0-9_-]{4,200}$/;

export interface EmailIdentity {
  email: string;
  key: string;
}

export function parseEmail(raw: string): Parsed<EmailIdentity> {
  const email = raw.trim().replace(/^mailto:/i, "");
  if (email.length > 320 || !EMAIL.test(email)) return { ok: false, reason: `"${clip(raw)}" is not an email address (name@company.com)` };
  return { ok: true, value: { email, key: email.toLowerCase() } };
}

/** A LinkedIn URL names either a public profile (/in/<slug>) or a Sales Navigator lead. */
export type LinkedinIdentity = { kind: "profile"; key: string; url: string } | { kind: "sales_nav"; id: string };

function parseHttpUrl(raw: string): URL | undefined {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text.replace(/^\/+/, "")}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function isLinkedinHost(host: string): boolean {
  return host === "linkedin.com" || host.endsWith(".linkedin.com");
}

/** decodeURIComponent, or the text as it is when it holds a stray "%". */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function salesNavIdFromPath(segments: string[]): string | undefined {
  if (segments[0] !== "sales" || (segments[1] !== "lead" && segments[1] !== "people") || !segments[2]) return undefined;
  const id = decoded(segments[2]).split(",")[0] ?? "";
  return SALES_NAV_ID.test(id) ? id : undefined;
}

/** The common shape, read without a full URL parse (a million-row import pays for every parse). */
const PLAIN_PROFILE = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com\/in\/([a-z0-9_-]{1,200})\/?(?:[?#]\S*)?$/i;

export function parseLinkedinUrl(raw: string): Parsed<LinkedinIdentity> {
  const plain = PLAIN_PROFILE.exec(raw.trim());
  if (plain) {
    const key = plain[1]!.toLowerCase();
    return { ok: true, value: { kind: "profile", key, url: `https://www.linkedin.com/in/${key}` } };
  }
  const invalid = { ok: false as const, reason: `"${clip(raw)}" is not a LinkedIn profile URL (https://www.linkedin.com/in/<name>)` };
  const url = parseHttpUrl(raw);
  if (!url || !isLinkedinHost(url.hostname.toLowerCase())) return invalid;
  const segments = url.pathname.split("/").filter(Boolean);
  const salesNavId = salesNavIdFromPath(segments);
  if (salesNavId) return { ok: true, value: { kind: "sales_nav", id: salesNavId } };
  if (segments[0] !== "in" || !segments[1]) return invalid;
  const slug = (decoded(segments[1]).trim() || segments[1]).toLowerCase();
  if (slug.length > 200) return invalid;
  return { ok: true, value: { kind: "profile", key: slug, url: `https://www.linkedin.com/in/${encodeURIComponent(slug)}` } };
}

/** A Sales Navigator id as given, or read from a Sales Navigator lead URL. */
export function parseSalesNavId(raw: string): Parsed<string> {
  const text = raw.trim();
  if (SALES_NAV_ID.test(text)) return { ok: true, value: text };
  const url = parseHttpUrl(text);
  const id = url && isLinkedinHost(url.hostname.toLowerCase()) ? salesNavIdFromPath(url.pathname.split("/").filter(Boolean)) : undefined;
  return id ? { ok: true, value: id } : { ok: false, reason: `"${clip(raw)}" is neither a Sales Navigator lead id nor a Sales Navigator lead URL` };
}

/** An http(s) URL; with `bareDomain`, "acme.com" is accepted as https://acme.com. */
export function parseWebUrl(raw: string, options: { bareDomain: boolean }): Parsed<string> {
  const text = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text);
  const looksLikeDomain = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?([/?#].*)?$/u.test(text);
  if (!hasScheme && !(options.bareDomain && looksLikeDomain)) {
    return { ok: false, reason: `"${clip(raw)}" is not an http or https URL` };
  }
  const url = parseHttpUrl(text);
  if (!url || url.hostname === "") return { ok: false, reason: `"${clip(raw)}" is not an http or https URL` };
  return { ok: true, value: hasScheme ? text : url.toString() };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
