// dist/ must be current for scripts that import the built package.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `true` when dist/index.js is missing or older than any file in src/. */
export function distIsStale() {
  try {
    return statSync(join(root, "dist/index.js")).mtimeMs < newestMtime(join(root, "src"));
  } catch {
    return true;
  }
}

/** Runs `npm run build` when dist/ is stale; returns false when the build failed. */
export function ensureDist(log = console.error) {
  if (!distIsStale()) return true;
  log("dist/ is missing or older than src/: running `npm run build` ...");
  const built = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], timeout: 180_000 });
  return built.status === 0;
}
