// @vitest-environment jsdom
/**
 * The shell learns the UI language: when the UI starts, before any screen asks for data, and at
 * every switch, so that its sentences (errors, what a command did) come in the language shown.
 */

import { act, useEffect } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setTransport } from "../api";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { I18nProvider } from "./context";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLElement;
let calls: [string, Record<string, unknown> | undefined][];

beforeEach(() => {
  localStorage.clear();
  calls = [];
  setTransport({
    async invoke(command, args) {
      calls.push([command, args]);
      return null;
    },
    async listen() {
      return () => undefined;
    },
  });
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
  setTransport({ invoke: async () => null, listen: async () => () => undefined });
});

/** A screen that asks for its data as soon as it is shown, as the real screens do. */
function Screen() {
  // An effect of a child runs before the effects of its parents: the language must still reach
  // the shell first.
  useEffect(() => {
    calls.push(["current_book", undefined]);
  }, []);
  return <LanguageSwitch id="language" testId="language-switch" />;
}

async function render(initial: "en" | "zh-CN") {
  await act(async () => {
    root.render(
      <I18nProvider initial={initial}>
        <Screen />
      </I18nProvider>,
    );
  });
}

describe("the shell's language", () => {
  it("is set when the UI starts, before any screen asks for data", async () => {
    await render("zh-CN");

    expect(calls[0]).toEqual(["set_language", { request: { language: "zh-CN" } }]);
    expect(calls[1]?.[0]).toBe("current_book");
  });

  it("follows every switch of the language", async () => {
    await render("en");
    const select = container.querySelector<HTMLSelectElement>('[data-testid="language-switch"]');
    expect(select).not.toBeNull();

    await act(async () => {
      select!.value = "zh-CN";
      select!.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await act(async () => {
      select!.value = "en";
      select!.dispatchEvent(new Event("change", { bubbles: true }));
    });

    const languages = calls
      .filter(([command]) => command === "set_language")
      .map(([, args]) => (args?.request as { language: string }).language);
    expect(languages).toEqual(["en", "zh-CN", "en"]);
  });

  it("leaves the UI working when the shell cannot take it", async () => {
    setTransport({
      async invoke() {
        throw { code: "unexpected", message: "no shell" };
      },
      async listen() {
        return () => undefined;
      },
    });

    await render("zh-CN");

    expect(container.querySelector('[data-testid="language-switch"]')).not.toBeNull();
    expect(document.documentElement.lang).toBe("zh-CN");
  });
});
