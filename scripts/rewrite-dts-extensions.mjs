// Rewrites relative `.ts` import specifiers in dist/**/*.d.ts to `.js`.
//
// Why: `rewriteRelativeImportExtensions` rewrites the emitted JavaScript but tsc
// leaves declaration files as written (`from "./spec/message.ts"`), which a
// consumer's TypeScript may not resolve against dist/ (there is no .ts there).
// Usage: node scripts/rewrite-dts-extensions.mjs [dir=dist]
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const root = process.argv[2] ?? "dist";
// from "./x.ts" | import("../x.ts") | import "./x.ts" | export * from './x.mts'
const specifier = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)(?<!\.d)\.(m|c)?ts\2/g;

async function* declarationFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(path);
    else if (/\.d\.(m|c)?ts$/.test(entry.name)) yield path;
  }
}

let files = 0;
let rewritten = 0;
for await (const file of declarationFiles(root)) {
  files++;
  const before = await readFile(file, "utf8");
  const after = before.replace(specifier, (_, lead, quote, path, flavour = "") => {
    rewritten++;
    return `${lead}${quote}${path}.${flavour}js${quote}`;
  });
  if (after !== before) await writeFile(file, after);
}
if (files === 0) {
  console.error(`rewrite-dts-extensions: no .d.ts files under ${root}`);
  process.exit(1);
}
console.log(`rewrite-dts-extensions: ${rewritten} specifiers in ${files} declaration files`);
