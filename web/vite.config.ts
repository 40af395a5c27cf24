/**
 * Builds the web UI (React) into `web/dist`, which `sanctions serve` serves at `/`. The UI talks to the
 * HTTP API only (`/v1/...` on the same origin). `npm run build:web` runs it; `npm run dev:web` serves it
 * with hot reload and forwards `/v1` and `/healthz` to a `sanctions serve` on port 8080.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env["SANCTIONS_API_URL"] ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { "/v1": api, "/healthz": api } },
});
