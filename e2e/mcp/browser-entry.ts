/** Runs in Chromium (test/helpers/chromium.ts `runInChromium`). */
import { callEcho } from "./call-echo.ts";

export function run(arg: { url: string; message: string }) {
  return callEcho(arg.url, arg.message);
}
