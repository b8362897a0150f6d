import { spawn } from "node:child_process";
import { repoRoot } from "./fixtures.ts";

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an example as `npm start` does (tsx, source condition) with only the
 * given environment plus PATH and HOME, so no real key leaks in.
 */
export function runExample(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<ExampleRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=llm-anywhere:source", file, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => (stdout += data));
    child.stderr.on("data", (data: Buffer) => (stderr += data));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
