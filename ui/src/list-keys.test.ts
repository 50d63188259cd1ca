/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";

// Preact tells list items apart by key; without one a row that moves (History reloading,
// a payment settling) takes over the state of whichever row was in its place, such as
// a revealed PIN or the focus. So every element made in a .map() carries a key.
const sources = import.meta.glob(["./**/*.tsx", "!./**/*.test.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** The opening tag of each element a `.map(` callback returns, where it returns one. */
function mappedTags(source: string): string[] {
  const tags: string[] = [];
  for (const m of source.matchAll(/\.map\(\s*(?:\([^)]*\)|\w+)\s*=>\s*/g)) {
    let rest = source.slice(m.index + m[0].length);
    // A block body: the element is what it returns.
    if (rest.startsWith("{")) {
      const ret = /return\s*\(?\s*/.exec(rest);
      if (!ret) continue;
      rest = rest.slice(ret.index + ret[0].length);
    } else {
      rest = rest.replace(/^\(\s*/, "");
    }
    if (!rest.startsWith("<")) continue;
    // Up to the tag's closing ">", skipping any inside {expressions}.
    let depth = 0;
    let end = 0;
    for (; end < rest.length; end++) {
      const c = rest[end];
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === ">" && depth === 0 && rest[end - 1] !== "=") break;
    }
    tags.push(rest.slice(0, end + 1));
  }
  return tags;
}

describe("rendered lists", () => {
  it("are found in the screens (this check is looking at the right code)", () => {
    const all = Object.values(sources).flatMap(mappedTags);
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  for (const [file, source] of Object.entries(sources)) {
    const tags = mappedTags(source);
    if (tags.length === 0) continue;
    it(`carry a key on every mapped element in ${file}`, () => {
      expect(tags.filter((tag) => !/\bkey=/.test(tag))).toEqual([]);
    });
  }

  it("would catch a list without keys", () => {
    expect(mappedTags("{rows.map((r) => <td>{r.x}</td>)}")).toEqual(["<td>"]);
    expect(mappedTags("{rows.map(([k, v]) => (\n <>\n<dt/></>))}")).toEqual(["<>"]);
    expect(mappedTags("{rows.map((p) => {\n const o = 1;\n return (\n <tr key={p.id} onClick={() => a > b}>")).toEqual([
      "<tr key={p.id} onClick={() => a > b}>",
    ]);
  });
});
