// The web console's static pages and the API reference, built by apps/console at `pnpm build`
// and served from its dist/ folder: no CDN, nothing fetched from outside, so both work offline.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { sendPlainError } from "../http-errors.js";

/**
 * Where the built console lives: found by package name, so the bundled server finds it too. A
 * bundle installed without the console (the test server's package) has none: its pages then say
 * the console is not built, like a checkout that has not built it.
 */
function consoleDist(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("@salestouch/console/package.json")), "dist");
  } catch (error) {
    if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
    return "";
  }
}

const COMMON_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

/** The console: only its own scripts, styles and API; no inline script, no framing. */
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The API reference renderer injects its styles at run time; everything still comes from this server. */
const REFERENCE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function notBuilt(_req: Request, res: Response): void {
  sendPlainError(res, "unavailable", "the web console is not built", "Run `pnpm build` (npm start does it), then reload.");
}

export function consoleRouter(dist: string = consoleDist()): express.Router {
  const router = express.Router();
  if (dist === "" || !existsSync(join(dist, "index.html"))) {
    router.use(notBuilt);
    return router;
  }
  router.use((req: Request, res: Response, next: NextFunction) => {
    // /console → /console/, so the page's relative asset paths resolve.
    if (req.originalUrl === "/console") return res.redirect(301, "/console/");
    res.set({ ...COMMON_HEADERS, "Content-Security-Policy": CONSOLE_CSP });
    next();
  });
  router.use(
    express.static(dist, {
      index: "index.html",
      redirect: false,
      // Hashed file names under assets/ never change; the pages themselves are always revalidated.
      setHeaders: (res, path) =>
        res.setHeader("Cache-Control", path.includes(`${join("dist", "assets")}`) ? "public, max-age=31536000, immutable" : "no-cache"),
    }),
  );
  return router;
}

/** GET /docs: the interactive API reference page of the console build. */
export function referenceRoutes(dist: string = consoleDist()): express.Router {
  const router = express.Router();
  const page = join(dist, "reference.html");
  if (dist === "" || !existsSync(page)) {
    router.get("/docs", notBuilt);
    return router;
  }
  router.get("/docs", (_req: Request, res: Response) => {
    res.set({ ...COMMON_HEADERS, "Content-Security-Policy": REFERENCE_CSP, "Cache-Control": "no-cache" }).sendFile(page);
  });
  return router;
}
