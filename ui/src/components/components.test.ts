import { describe, expect, it } from "vitest";

import { nextFocus } from "./Dialog";
import { linePath } from "./DsoChart";

describe("a dialog keeps the focus inside", () => {
  const fields = ["name", "currency", "create", "cancel"];

  it("moves forward and wraps from the last to the first", () => {
    expect(nextFocus(fields, "name", false)).toBe("currency");
    expect(nextFocus(fields, "cancel", false)).toBe("name");
  });

  it("moves backward and wraps from the first to the last", () => {
    expect(nextFocus(fields, "name", true)).toBe("cancel");
    expect(nextFocus(fields, "create", true)).toBe("currency");
  });

  it("starts at the first field when the focus is outside", () => {
    expect(nextFocus(fields, null, false)).toBe("name");
    expect(nextFocus([], null, false)).toBeUndefined();
  });
});

describe("the DSO line", () => {
  it("breaks where a month has no DSO", () => {
    const path = linePath([
      { x: 0, y: 10 },
      { x: 10, y: 20 },
      { x: 20, y: null },
      { x: 30, y: 5 },
    ]);
    expect(path).toBe("M0.0,10.0 L10.0,20.0 M30.0,5.0");
  });
});
