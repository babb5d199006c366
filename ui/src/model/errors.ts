/**
 * What a screen does about a failed command, decided by the error's code alone; the message
 * is shown as the backend wrote it.
 */

import type { ApiErrorCode } from "../api";

export type ErrorReaction =
  /** No book is open: go to the book chooser. */
  | "choose_book"
  /** The user can fix what they entered: show the message by the form, keep the input. */
  | "fix_input"
  /** The record asked for is not in the book: say so where the record would be. */
  | "not_found"
  /** The book file cannot be used: show the message and let the user choose another book. */
  | "book_unusable"
  /** A failure the user cannot fix by changing the input: show it, offer to try again. */
  | "retry";

export function reactionTo(code: ApiErrorCode): ErrorReaction {
  switch (code) {
    case "no_book":
      return "choose_book";
    case "invalid_input":
    case "conflict":
    case "import_rejected":
    case "book_exists":
    case "mail":
      return "fix_input";
    case "not_found":
      return "not_found";
    case "book_not_found":
    case "not_a_book":
    case "newer_book":
      return "book_unusable";
    case "io":
    case "storage":
    case "keychain":
    case "unexpected":
      return "retry";
    default:
      // A code added by a newer backend: showing the message and retrying is always safe.
      return "retry";
  }
}
