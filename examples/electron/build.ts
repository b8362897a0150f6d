/**
 * Builds the Electron app with esbuild into one folder (default
 * examples/electron/dist/): main.mjs (the main process, ESM, `electron` left
 * to Electron), preload.cjs (sandboxed preloads are CommonJS), renderer.js
 * (the page's bundle, llm-anywhere included), index.html, style.css, and a
 * package.json naming main.mjs, so `npx electron <outdir>` starts the app.
 *
 *   npx tsx examples/electron/build.ts [--outdir DIR]
 *
 * The `llm-anywhere:source` condition bundles this repository's src/, so the
 * library needs no build; in an app of your own, drop it.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build, type BuildOptions } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: "string" } } });
const outdir = path.resolve(values.outdir ?? path.join(here, "dist"));
const source = (file: string) => path.join(here, "src", file);

const common: BuildOptions = { bundle: true, target: "es2022", sourcemap: true, logLevel: "warning", conditions: ["llm-anywhere:source"] };

mkdirSync(outdir, { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: [source("main/main.ts")], outfile: path.join(outdir, "main.mjs"), platform: "node", format: "esm", external: ["electron"] }),
  build({ ...common, entryPoints: [source("preload/preload.ts")], outfile: path.join(outdir, "preload.cjs"), platform: "node", format: "cjs", external: ["electron"] }),
  build({ ...common, entryPoints: [source("renderer/renderer.ts")], outfile: path.join(outdir, "renderer.js"), platform: "browser", format: "esm" }),
]);
for (const file of ["index.html", "style.css"]) copyFileSync(source(`renderer/${file}`), path.join(outdir, file));
// The app's name is also where Electron puts its user data (~/.config/llm-anywhere-electron on Linux).
const manifest = { name: "llm-anywhere-electron", private: true, main: "main.mjs" };
writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Built the Electron app in ${outdir}`);
