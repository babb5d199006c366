/**
 * The shapes of the requests, responses and errors of the desktop commands.
 *
 * All come from `./generated`, which the shell writes from the Rust types, except the few
 * below for what the shell does not offer yet: reading a built-in import profile as an
 * editable definition, peeking at the first rows of a chosen file, and starting an import
 * with an edited profile. They are the UI's proposal for those commands; `PendingCommands` is
 * only used for command names the generated `Commands` map lacks, so a generated declaration
 * always wins once it exists.
 */

import type { Language, ProfileSpec, StartImportRequest } from "./generated";

export type * from "./generated";

/** `YYYY-MM-DD`, a calendar date without time or zone. */
export type IsoDate = string;
/** An exact decimal number written as text, e.g. `-1234.50`. */
export type Decimal = string;

/** The language of letters and test mails. */
export type LetterLanguage = Language;

export interface ProfileRequest {
  /** A built-in profile's name, as `import_profiles` lists it. */
  name: string;
}

/** Date formats of import profiles, as the profile JSON writes them. */
export type DateFormat = "YYYY-MM-DD" | "M/D/YYYY" | "D/M/YYYY" | "DD.MM.YYYY";
export type TextEncoding = "utf-8" | "gb18030";

/** A field a profile's layout reads, and whether the header row must have it. */
export interface ProfileField {
  field: string;
  required: boolean;
}

/** An import profile as an editable structure (the profile JSON, plus the layout's fields). */
export interface ProfileDefinition {
  name: string;
  delimiter: string;
  decimal_mark: string;
  grouping_mark: string | null;
  date_format: DateFormat;
  encoding: TextEncoding;
  header_search_rows: number;
  layout: string;
  /** Canonical field -> the header the file uses for it (generic layout only). */
  columns: Record<string, string>;
  /** The fields the layout reads, in order; empty for a layout with fixed columns. */
  fields: ProfileField[];
}

/** An import profile as edited in the wizard, sent instead of a built-in one's name. */
export type EditedProfileSpec = { custom: ProfileDefinition };

/** What the wizard sends as the profile: a built-in one, or one it edited. */
export type ProfileChoice = ProfileSpec | EditedProfileSpec;

/** `start_import`'s request, with an edited profile allowed. */
export type ImportRequest = Omit<StartImportRequest, "profile"> & { profile: ProfileChoice };

export interface PeekRequest {
  file_id: number;
  profile: ProfileChoice;
}

/** The header and the first rows (at most 20) of a chosen file, read with a profile. */
export interface FilePeek {
  headers: string[];
  rows: string[][];
}

/** Commands the contract names that the generated `Commands` map does not declare yet. */
export type PendingCommands = {
  profile_definition: { request: ProfileRequest; response: ProfileDefinition };
  peek_import_file: { request: PeekRequest; response: FilePeek };
};
