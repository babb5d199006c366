import { describe, expect, it } from "vitest";

import { reactionTo } from "./errors";

describe("what a screen does about an error, by its code", () => {
  it("sends the user to the book chooser when no book is open", () => {
    expect(reactionTo("no_book")).toBe("choose_book");
  });

  it("keeps the form for input the user can correct", () => {
    expect(reactionTo("invalid_input")).toBe("fix_input");
    expect(reactionTo("conflict")).toBe("fix_input");
    expect(reactionTo("book_exists")).toBe("fix_input");
  });

  it("says a record is missing, and a book file unusable", () => {
    expect(reactionTo("not_found")).toBe("not_found");
    expect(reactionTo("newer_book")).toBe("book_unusable");
    expect(reactionTo("not_a_book")).toBe("book_unusable");
  });

  it("offers a retry for failures of the machine, and for codes it does not know", () => {
    expect(reactionTo("storage")).toBe("retry");
    // A keychain that was locked or not running: unlock or start it, then try again.
    expect(reactionTo("keychain")).toBe("retry");
    expect(reactionTo("unexpected")).toBe("retry");
    expect(reactionTo("a_code_from_a_newer_backend" as never)).toBe("retry");
  });
});
