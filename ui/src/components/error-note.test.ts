import { describe, expect, it } from "vitest";
import { ErrorNote } from "./error-note";

const blocked = { kind: "rate_limited", until: "2026-11-25T08:00:00Z", bare_forbidden: false } as const;

describe("ErrorNote", () => {
  it("leaves an IP block to the window's one banner", () => {
    expect(ErrorNote({ error: blocked })).toBeNull();
  });

  it("says a block of another environment, which no banner shows", () => {
    expect(ErrorNote({ error: blocked, blockHere: true })?.props).toMatchObject({
      role: "alert",
      children: "IIMMPACT has blocked this PC's internet address after too many requests. Nothing is sent until 16:00 on 25 Nov (GMT+8).",
    });
  });

  it("says every other failure, with the words it came with", () => {
    expect(ErrorNote({ error: { kind: "unavailable", detail: "connection refused" } })?.props).toMatchObject({
      role: "alert",
      children: "IIMMPACT cannot be reached: nothing was charged, try again later: connection refused",
    });
  });
});
