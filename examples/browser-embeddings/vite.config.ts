// `npx vite examples/browser-embeddings --host 127.0.0.1` (from the repository root) serves this page;
// Vite finds this file in the root folder it is given.
// The source condition makes `llm-anywhere` and its subpaths resolve to ../../src, so the page
// runs the library as it is in this repository, without a build.
import { defaultClientConditions, defineConfig } from "vite";

export default defineConfig({
  resolve: { conditions: ["llm-anywhere:source", ...defaultClientConditions] },
});
