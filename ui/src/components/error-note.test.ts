import { describe, expect, it } from "vitest";
import { ErrorNote } from "./error-note";

const blocked = { kind: "rate_limited", message: "IIMMPACT has blocked this PC's internet address" } as const;

describe("ErrorNote", () => {
  it("leaves an IP block to the window's one banner", () => {
    expect(ErrorNote({ error: blocked })).toBeNull();
  });

  it("says a block of another environment, which no banner shows", () => {
    expect(ErrorNote({ error: blocked, blockHere: true })?.props).toMatchObject({ role: "alert", children: blocked.message });
  });

  it("says every other failure", () => {
    expect(ErrorNote({ error: { kind: "unavailable", message: "no network" } })?.props).toMatchObject({ role: "alert", children: "no network" });
  });
});
