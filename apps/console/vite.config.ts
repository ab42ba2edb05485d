// Builds the console's two pages into dist/: index.html (the console) and reference.html (the
// API reference, served at /docs). Served by the REST server under /console/.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/console/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    rollupOptions: { input: { index: "index.html", reference: "reference.html" } },
  },
});
