/**
 * One file for the library build (`vite build`) and the unit tests (`vitest`).
 *
 * Build: ESM only, one file per public subpath (code shared between subpaths
 * goes to chunks). Fewer files halve the cold import in Node (about 25 ms with
 * one file per module, 11 ms bundled), and bundlers tree-shake inside a file
 * just as well (`npm run size -- --dist` gives the same size).
 * Dependencies, `node:*` builtins and `#runtime` stay external: `#runtime` must
 * be resolved by the consumer's runtime or bundler (package.json `imports`
 * picks runtime.node.js under Node, runtime.js elsewhere), never by us.
 * Declarations come from `tsc -p tsconfig.build.json` afterwards (see the
 * `build` script).
 */
import { readFileSync } from "node:fs";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Public entries, keyed by their path in dist/ without `.js`. Adding a subpath
 * export is one line here plus its `exports` entry in package.json.
 */
const entries: Record<string, string> = {
  index: "src/index.ts",
  "runtime/runtime": "src/runtime/runtime.ts",
  "runtime/runtime.node": "src/runtime/runtime.node.ts",
  "storage/fs": "src/storage/fs.ts",
  "storage/indexeddb": "src/storage/indexeddb.ts",
  "storage/cloudflare-kv": "src/storage/cloudflare-kv.ts",
  anthropic: "src/providers/anthropic/index.ts",
  gemini: "src/providers/gemini/index.ts",
  "openai-responses": "src/providers/openai-responses/index.ts",
  mcp: "src/mcp/index.ts",
};

/** Lets the tests and tools resolve `llm-anywhere` and `#runtime` to src/ (see package.json). */
const sourceCondition = "llm-anywhere:source";

const packageJson = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const dependencyNames = new Set([
  ...Object.keys(packageJson.dependencies ?? {}),
  ...Object.keys(packageJson.peerDependencies ?? {}),
  ...Object.keys(packageJson.optionalDependencies ?? {}),
  // Used by the IndexedDB storage subpath; external whether or not it is installed yet.
  "idb-keyval",
]);

/** `zod`, `zod/mini`, `@scope/pkg/sub`: is the bare specifier one of our dependencies? */
function isExternal(id: string): boolean {
  if (id.startsWith("#") || id.startsWith("node:")) return true;
  if (id.startsWith(".") || id.startsWith("/") || id.startsWith("\0")) return false;
  const parts = id.split("/");
  const name = id.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  return dependencyNames.has(name);
}

export default defineConfig({
  resolve: {
    conditions: [sourceCondition, ...defaultClientConditions],
  },
  ssr: {
    resolve: {
      conditions: [sourceCondition, ...defaultServerConditions],
      externalConditions: [sourceCondition, ...defaultServerConditions],
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    sourcemap: true,
    lib: {
      entry: entries,
      formats: ["es"],
    },
    rolldownOptions: {
      external: isExternal,
      output: {
        entryFileNames: "[name].js",
      },
    },
  },
  test: {
    include: ["test/**/*.test.ts", "e2e/**/*.test.ts"],
    environment: "node",
    // CI machines have 2 cores and the suite drives Chromium and workerd beside the unit tests.
    testTimeout: 20_000,
  },
});
