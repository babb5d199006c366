/**
 * The shapes of the requests, responses and errors of the desktop commands.
 *
 * All come from `./generated`, which the shell writes from the Rust types; the few names below
 * are what the screens call some of them.
 */

import type { Language, ProfileSpec, StartImportRequest } from "./generated";

export type * from "./generated";

/** `YYYY-MM-DD`, a calendar date without time or zone. */
export type IsoDate = string;
/** An exact decimal number written as text, e.g. `-1234.50`. */
export type Decimal = string;

/** The language of letters and test mails. */
export type LetterLanguage = Language;

/** What the import wizard sends as the profile: a built-in one's name, or one it edited. */
export type ProfileChoice = ProfileSpec;

/** `start_import`'s request; its profile may be an edited one (`{ custom: definition }`). */
export type ImportRequest = StartImportRequest;
