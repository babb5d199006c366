/**
 * What every screen shares: the open book and the as-of date that drives every report.
 */

import { createContext, useContext } from "react";

import type { BookInfo } from "../api";

export interface Session {
  book: BookInfo | null;
  /** Reads the open book again (after an import or a payment changed its counts). */
  refreshBook: () => Promise<void>;
  setBook: (book: BookInfo | null) => void;
  asOf: string;
  setAsOf: (date: string) => void;
}

export const SessionContext = createContext<Session>({
  book: null,
  refreshBook: async () => undefined,
  setBook: () => undefined,
  asOf: "1970-01-01",
  setAsOf: () => undefined,
});

export function useSession(): Session {
  return useContext(SessionContext);
}
