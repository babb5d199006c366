import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The desktop shell loads the built files from ui/dist; during development it points its
// webview at the dev server on this fixed port instead.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: "127.0.0.1" },
  build: { outDir: "dist", target: "es2022", sourcemap: false },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
