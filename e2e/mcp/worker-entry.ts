/** Runs in workerd (test/helpers/workerd.ts `runInWorkerd`), without nodejs_compat. */
import { callEcho } from "./call-echo.ts";

export function run(_env: unknown, arg: { url: string; message: string }) {
  return callEcho(arg.url, arg.message);
}
