import { sha256Hex } from "./sha256-hex.ts";

export interface FragmentOptions {
  /**
   * Where the text came from (a file path, a URL, a loader's name), for
   * logs; not sent to the model.
   * @example "https://llm.datasette.io/robots.txt"
   */
  source?: string | undefined;
}

/**
 * A piece of a prompt or system prompt that logs store once, by id, however
 * many prompts use it. `String(fragment)` is its text.
 */
export class Fragment {
  readonly text: string;
  readonly source: string | undefined;
  #id: Promise<string> | undefined;

  constructor(text: string, options: FragmentOptions = {}) {
    this.text = text;
    this.source = options.source;
  }

  /** The hex sha256 of the text's UTF-8 bytes, as the Python library computes it. */
  id(): Promise<string> {
    return (this.#id ??= sha256Hex(this.text));
  }

  toString(): string {
    return this.text;
  }
}

/**
 * A fragment for `prompt(text, { fragments, systemFragments })`.
 * @example model.prompt("What does this say about dogs?", { fragments: [llm.fragment(text, { source: "dogs.txt" })] })
 */
export function fragment(text: string, options?: FragmentOptions): Fragment {
  return new Fragment(text, options);
}

/** What `fragments` and `systemFragments` take. */
export type FragmentLike = string | Fragment;
