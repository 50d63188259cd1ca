import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, todayGmt8 } from "./dates";

describe("GMT+8 dates", () => {
  it("keeps the API's zone-less wall-clock time as Malaysia time", () => {
    expect(formatDateTime("2025-01-15 14:30:45.123")).toBe("15/01/2025 14:30:45");
    expect(formatDateTime("2025-01-15T14:30:45")).toBe("15/01/2025 14:30:45");
  });
  it("converts an instant with a zone into GMT+8", () => {
    expect(formatDateTime("2025-01-15T20:30:00Z")).toBe("16/01/2025 04:30:00");
    expect(formatDateTime("2025-01-15T14:30:00+08:00")).toBe("15/01/2025 14:30:00");
    expect(formatDate("2024-12-31T16:00:00Z")).toBe("01/01/2025");
  });
  it("takes today from GMT+8, not the PC's zone", () => {
    // 17:00 UTC on the 25th is already 01:00 on the 26th in Kuala Lumpur.
    expect(todayGmt8(new Date(Date.UTC(2026, 10, 25, 17, 0, 0)))).toBe("2026-11-26");
    expect(todayGmt8(new Date(Date.UTC(2026, 10, 25, 15, 59, 59)))).toBe("2026-11-25");
  });
  it("shows text that is not a timestamp as it came", () => {
    expect(formatDateTime("yesterday")).toBe("yesterday");
  });
});
