/**
 * The message catalogues and the pure translation function.
 *
 * Keys are typed: a key missing from a language, or an unknown key, fails the type check. The
 * placeholders a message needs are read from the English text at the type level, so calling
 * `t("customers.count", {})` without `count` fails the type check too.
 */

import { en, type MessageKey } from "./en";
import { zhCN } from "./zh-CN";

export type { MessageKey };

export type Language = "en" | "zh-CN";

export const LANGUAGES: readonly Language[] = ["en", "zh-CN"];

export type Catalog = { readonly [K in MessageKey]: string };

export const CATALOGS: Readonly<Record<Language, Catalog>> = { en, "zh-CN": zhCN };

/** The names of the `{placeholders}` in a message text. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

export type ParamsOf<K extends MessageKey> = {
  [P in Placeholders<(typeof en)[K]>]: string | number;
};

/** Keys whose message needs no parameters. */
export type PlainKey = {
  [K in MessageKey]: Placeholders<(typeof en)[K]> extends never ? K : never;
}[MessageKey];

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();
}

export function translate(
  language: Language,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const text = CATALOGS[language][key];
  if (!params) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The language stored by the user, else the system's when it is Chinese, else English. */
export function initialLanguage(stored: string | null, system: string | undefined): Language {
  if (stored === "en" || stored === "zh-CN") {
    return stored;
  }
  return system?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export const LANGUAGE_STORAGE_KEY = "creditdesk.language";
