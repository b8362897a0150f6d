import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { resolveUserDir, userDir } from "../../src/storage/user-dir.ts";

describe("resolveUserDir (the Python llm's user directory)", () => {
  it("LLM_USER_PATH wins on every platform", () => {
    for (const platform of ["linux", "darwin", "win32"]) {
      expect(resolveUserDir({ LLM_USER_PATH: "/srv/llm", XDG_CONFIG_HOME: "/x", APPDATA: "C:\\A" }, platform, "/home/ann")).toBe("/srv/llm");
    }
  });

  it("Linux and other platforms: $XDG_CONFIG_HOME, else ~/.config", () => {
    expect(resolveUserDir({}, "linux", "/home/ann")).toBe("/home/ann/.config/io.datasette.llm");
    expect(resolveUserDir({ XDG_CONFIG_HOME: "/home/ann/cfg" }, "linux", "/home/ann")).toBe("/home/ann/cfg/io.datasette.llm");
    expect(resolveUserDir({}, "freebsd", "/usr/home/bo")).toBe("/usr/home/bo/.config/io.datasette.llm");
    expect(resolveUserDir({ XDG_CONFIG_HOME: "/xdg" }, "cygwin", "/home/c")).toBe("/xdg/io.datasette.llm");
  });

  it("macOS: ~/Library/Application Support, whatever XDG_CONFIG_HOME says", () => {
    expect(resolveUserDir({ XDG_CONFIG_HOME: "/xdg" }, "darwin", "/Users/ann")).toBe("/Users/ann/Library/Application Support/io.datasette.llm");
  });

  it("Windows: the roaming %APPDATA%, else the home directory", () => {
    expect(resolveUserDir({ APPDATA: "C:\\Users\\Ann\\AppData\\Roaming", LOCALAPPDATA: "C:\\L" }, "win32", "C:\\Users\\Ann")).toBe(
      "C:\\Users\\Ann\\AppData\\Roaming\\io.datasette.llm",
    );
    expect(resolveUserDir({}, "win32", "C:\\Users\\Ann")).toBe("C:\\Users\\Ann\\io.datasette.llm");
  });

  it("empty variables count as unset", () => {
    expect(resolveUserDir({ LLM_USER_PATH: "", XDG_CONFIG_HOME: "" }, "linux", "/home/ann")).toBe("/home/ann/.config/io.datasette.llm");
    expect(resolveUserDir({ APPDATA: "" }, "win32", "C:\\Users\\Ann")).toBe("C:\\Users\\Ann\\io.datasette.llm");
  });

  it("userDir() applies it to this process", () => {
    expect(userDir()).toBe(resolveUserDir(process.env, process.platform, homedir()));
  });
});
