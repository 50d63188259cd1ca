/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Preact's automatic JSX runtime needs no plugin: Vite's own transform compiles JSX against it.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // Tauri serves the files itself; relative paths keep them loadable from any origin.
  base: "./",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
  test: { environment: "node" },
});
