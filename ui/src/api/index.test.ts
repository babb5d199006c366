import { afterEach, describe, expect, it } from "vitest";

import { COMMAND_NAMES, EVENT_NAMES } from "./generated";
import * as api from "./index";
import { ApiError, setTransport, toApiError, type Transport } from "./index";

function recording(answer: (command: string, args?: Record<string, unknown>) => unknown) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const transport: Transport = {
    async invoke(command, args) {
      calls.push([command, args]);
      return answer(command, args);
    },
    async listen() {
      return () => undefined;
    },
  };
  setTransport(transport);
  return calls;
}

describe("the API module", () => {
  afterEach(() => setTransport({ invoke: async () => null, listen: async () => () => undefined }));

  it("sends each command its request under the name `request`", async () => {
    const calls = recording(() => ({ rows: [], total: 0 }));
    await api.invoicesPage({
      as_of: "2024-06-30",
      overdue_only: true,
      disputed_only: false,
      customer: null,
      currency: "USD",
      offset: 200,
      limit: 200,
    });
    await api.currentBook();
    expect(calls).toEqual([
      [
        "invoices_page",
        {
          request: {
            as_of: "2024-06-30",
            overdue_only: true,
            disputed_only: false,
            customer: null,
            currency: "USD",
            offset: 200,
            limit: 200,
          },
        },
      ],
      ["current_book", undefined],
    ]);
  });

  it("turns the backend's error into an ApiError with its code and sentence", async () => {
    recording(() => {
      throw { code: "no_book", message: "No book is open; open or create one first." };
    });
    const failure = await api
      .dashboard({ as_of: "2024-06-30", period_days: 90 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      code: "no_book",
      message: "No book is open; open or create one first.",
    });
  });

  it("calls anything else that fails unexpected, keeping its text", () => {
    expect(toApiError("command dashboard not found")).toMatchObject({
      code: "unexpected",
      message: "command dashboard not found",
    });
    expect(toApiError(new Error("IPC closed"))).toMatchObject({
      code: "unexpected",
      message: "IPC closed",
    });
    expect(toApiError(undefined)).toMatchObject({ code: "unexpected", message: "undefined" });
  });

  it("has a function for every command the shell declares", () => {
    const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const missing = COMMAND_NAMES.map(camel).filter(
      (name) => typeof (api as Record<string, unknown>)[name] !== "function",
    );
    expect(missing).toEqual([]);
  });

  it("listens to every event the shell declares", () => {
    expect([...EVENT_NAMES].sort()).toEqual([
      "import-finished",
      "import-progress",
      "outbox-finished",
      "outbox-progress",
    ]);
    for (const listener of [
      "onImportProgress",
      "onImportFinished",
      "onOutboxProgress",
      "onOutboxFinished",
    ]) {
      expect(typeof (api as Record<string, unknown>)[listener]).toBe("function");
    }
  });
});
