/// <reference types="node" />
import { homedir } from "node:os";
import { posix, win32 } from "node:path";

/** The application name the Python llm gives click's `get_app_dir()`. */
const appName = "io.datasette.llm";

/**
 * The Python llm's user directory, where it keeps `keys.json`,
 * `aliases.json`, `default_model.txt` and `extra-openai-models.yaml`:
 * `LLM_USER_PATH` when set, else click's `get_app_dir("io.datasette.llm")`.
 * Pure (everything it depends on is passed in) so every platform can be tested
 * on one machine.
 *
 * - Windows: `%APPDATA%\io.datasette.llm` (the roaming profile; the home
 *   directory when `APPDATA` is unset);
 * - macOS: `~/Library/Application Support/io.datasette.llm`;
 * - Linux and the rest: `$XDG_CONFIG_HOME/io.datasette.llm`, else
 *   `~/.config/io.datasette.llm`.
 *
 * An empty variable counts as unset (Python would join an empty
 * `XDG_CONFIG_HOME` into a path relative to the working directory; the XDG
 * specification says to ignore it).
 *
 * @param env The environment variables, e.g. `process.env`.
 * @param platform A `process.platform` value: `win32`, `darwin`, `linux`, ...
 * @param home The user's home directory, e.g. `os.homedir()`.
 */
export function resolveUserDir(env: Readonly<Record<string, string | undefined>>, platform: string, home: string): string {
  const userPath = env.LLM_USER_PATH;
  if (userPath) return userPath;
  if (platform === "win32") return win32.join(env.APPDATA || home, appName);
  if (platform === "darwin") return posix.join(home, "Library", "Application Support", appName);
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, ".config"), appName);
}

/** The Python llm's user directory for this process (see `resolveUserDir`); like Python's `llm.user_dir()`, without creating it. */
export function userDir(): string {
  return resolveUserDir(process.env, process.platform, homedir());
}
