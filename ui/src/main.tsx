import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app/App";
import { I18nProvider } from "./i18n/context";
import "./styles.css";

async function start() {
  // Outside the desktop shell (a browser during development) the UI talks to a stand-in
  // backend with generated data; the production build leaves that code out.
  if (import.meta.env.DEV && !("__TAURI_INTERNALS__" in window)) {
    const { installPreviewBackend } = await import("./preview/backend");
    installPreviewBackend();
    // `?lang=zh-CN` starts the preview in that language, for screenshots.
    const lang = new URLSearchParams(window.location.search).get("lang");
    if (lang) {
      localStorage.setItem("creditdesk.language", lang);
    }
  }
  const root = document.getElementById("root");
  if (!root) {
    throw new Error("index.html has no #root element.");
  }
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
}

void start();
