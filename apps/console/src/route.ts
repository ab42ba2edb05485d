// Hash routes (#/approvals, #/missions/mis_…): the server serves one page, and a reload or a
// shared link opens the same view.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "inbox" }
  | { page: "history" }
  | { page: "missions" }
  | { page: "mission"; missionId: string }
  | { page: "drafts" }
  | { page: "sign-in"; link: string | null };

function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case "history":
      return { page: "history" };
    case "missions":
      return parts[1] ? { page: "mission", missionId: parts[1] } : { page: "missions" };
    case "drafts":
      return { page: "drafts" };
    case "sign-in":
      return { page: "sign-in", link: parts[1] ?? null };
    default:
      return { page: "inbox" };
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    let last = location.hash;
    const update = () => {
      // The skip link's #main is a place in the page, not a route: the page stays, and so does its address.
      if (location.hash === "#main") {
        history.replaceState(null, "", last || location.pathname);
        return;
      }
      last = location.hash;
      setRoute(parseRoute(location.hash));
    };
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}

export const href = {
  inbox: "#/approvals",
  history: "#/history",
  missions: "#/missions",
  mission: (id: string) => `#/missions/${encodeURIComponent(id)}`,
  drafts: "#/drafts",
};
