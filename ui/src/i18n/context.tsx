/**
 * The UI language at run time: a React context with the translation function and the locale
 * formatters, switched without a reload and kept in localStorage.
 *
 * The desktop shell writes its own sentences (errors, what a command did) in the same language:
 * the provider tells it with `set_language` when it starts and at every switch, before any
 * screen's data is asked for (a layout effect runs before the screens' effects).
 */

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";

import { setLanguage as tellShell } from "../api";
import type { Money } from "../api/types";
import { bucketName } from "../model/dashboard";
import { formatDate, formatMonth, formatTimestamp } from "../format/date";
import { formatCount, formatDecimal, formatMoney } from "../format/money";
import {
  initialLanguage,
  LANGUAGE_STORAGE_KEY,
  translate,
  type Language,
  type MessageKey,
  type ParamsOf,
  type PlainKey,
} from "./catalog";

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: {
    (key: PlainKey): string;
    <K extends MessageKey>(key: K, params: ParamsOf<K>): string;
  };
  money: (money: Money) => string;
  decimal: (value: string, minFraction?: number) => string;
  count: (value: number | bigint) => string;
  date: (iso: string) => string;
  month: (iso: string) => string;
  timestamp: (text: string) => string;
  /** An aging bucket's label in the UI language. */
  bucket: (label: string) => string;
}

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function makeI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  const t = ((key: MessageKey, params?: Record<string, string | number>) =>
    translate(language, key, params)) as I18n["t"];
  return {
    language,
    setLanguage,
    t,
    money: (m) => formatMoney(m.amount, m.currency, language),
    decimal: (value, minFraction = 0) => formatDecimal(value, language, minFraction),
    count: (value) => formatCount(value, language),
    date: (iso) => formatDate(iso, language),
    month: (iso) => formatMonth(iso, language),
    timestamp: (text) => formatTimestamp(text, language),
    bucket: (label) => {
      const name = bucketName(label);
      switch (name.kind) {
        case "current":
          return translate(language, "dashboard.bucketCurrent");
        case "range":
          return translate(language, "dashboard.bucketRange", { from: name.from, to: name.to });
        case "over":
          return translate(language, "dashboard.bucketOver", { days: name.days });
        case "other":
          return name.label;
      }
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n("en", () => undefined));

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setState] = useState<Language>(
    () => initial ?? initialLanguage(storedLanguage(), globalThis.navigator?.language),
  );
  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try {
      globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // A webview without storage still switches; the choice is just not remembered.
    }
  }, []);
  useLayoutEffect(() => {
    tellShell({ language }).catch(() => {
      // A shell that cannot take the language still works; its sentences stay in English.
    });
  }, [language]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => makeI18n(language, setLanguage), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
