// /docs: the OpenAPI document rendered by Scalar's standalone bundle, served from this server
// (no CDN, no web fonts, no developer-tools bar). "Try it" calls this server: with the console
// session when one is open (its CSRF token filled in), else with a key pasted into the page.
import { readSession } from "./api.js";

interface ScalarGlobal {
  createApiReference(selector: string, configuration: Record<string, unknown>): unknown;
}

/** Secondary text at 4.5:1 and more on the light theme (the default grey measures 3.2:1). */
const CUSTOM_CSS = ".light-mode { --scalar-color-3: #5c5c5c; }";

/**
 * The renderer's editable header-name fields are comboboxes without aria-expanded (an ARIA
 * requirement); until it sets one, a collapsed state is stated for them here.
 */
function completeComboboxes(root: ParentNode): void {
  for (const element of root.querySelectorAll('[role="combobox"]:not([aria-expanded])')) element.setAttribute("aria-expanded", "false");
}

async function start(): Promise<void> {
  new MutationObserver(() => completeComboboxes(document)).observe(document.body, { childList: true, subtree: true });
  const session = await readSession().catch(() => null);
  const scalar = (globalThis as unknown as { Scalar: ScalarGlobal }).Scalar;
  scalar.createApiReference("#reference", {
    url: "/openapi.json",
    withDefaultFonts: false,
    showDeveloperTools: "never",
    hideClientButton: true,
    telemetry: false,
    agent: { disabled: true },
    customCss: CUSTOM_CSS,
    servers: [{ url: location.origin, description: "This server" }],
    authentication: session
      ? { preferredSecurityScheme: [["consoleSession", "csrfToken"]], securitySchemes: { csrfToken: { value: session.csrf_token } } }
      : { preferredSecurityScheme: "bearerAuth" },
  });
}

void start();
