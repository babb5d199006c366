/**
 * Loads what a screen shows from one command, again whenever its inputs change, and reacts to
 * a failure by its code: no book open sends the user to the book chooser; anything else is
 * kept for the screen to show.
 */

import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError, toApiError } from "../api";
import { reactionTo } from "../model/errors";
import { navigate } from "./navigation";
import { useSession } from "./session";

export type Load<T> =
  | { status: "loading"; data: T | null }
  | { status: "ok"; data: T }
  | { status: "error"; error: ApiError; data: T | null };

export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): Load<T> & { reload: () => void } {
  const [state, setState] = useState<Load<T>>({ status: "loading", data: null });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const { setBook } = useSession();

  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ status: "loading", data: s.data }));
    load().then(
      (data) => {
        if (call === latest.current) {
          setState({ status: "ok", data });
        }
      },
      (raw: unknown) => {
        if (call !== latest.current) {
          return;
        }
        const error = toApiError(raw);
        if (reactionTo(error.code) === "choose_book") {
          setBook(null);
          navigate({ screen: "books" });
        }
        setState((s) => ({ status: "error", error, data: s.data }));
      },
    );
    // The caller lists what `load` depends on, as for useEffect.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
