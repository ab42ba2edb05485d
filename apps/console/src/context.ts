// What every signed-in page needs: the API over the session, the session, and key names.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api, Session } from "./api.js";

export interface ConsoleContext {
  api: Api;
  session: Session;
  /** A key's name for people ("claude (st_AbCd…)"), from its id. */
  keyName(id: string | null): string;
}

export const Context = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  return useContext(Context)!;
}
