import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTimeOnDay, spelledDate, todayGmt8, yesterdayGmt8 } from "./dates";

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
  it("takes yesterday from GMT+8 too, across a month's and a year's end", () => {
    expect(yesterdayGmt8(new Date(Date.UTC(2026, 10, 25, 17, 0, 0)))).toBe("2026-11-25");
    expect(yesterdayGmt8(new Date(Date.UTC(2026, 11, 31, 16, 30, 0)))).toBe("2026-12-31");
    expect(yesterdayGmt8(new Date(Date.UTC(2027, 0, 1, 3, 0, 0)))).toBe("2026-12-31");
  });
  it("shows text that is not a timestamp as it came", () => {
    expect(formatDateTime("yesterday")).toBe("yesterday");
  });
});

describe("a day spelled out beside a date field", () => {
  it("names the weekday and month in the chosen language", () => {
    expect(spelledDate("2026-01-30", "en")).toBe("Fri 30 Jan 2026");
    expect(spelledDate("2026-01-30", "ms")).toBe("Jum 30 Jan 2026");
    expect(spelledDate("2026-08-02", "ms")).toBe("Ahd 2 Ogo 2026");
    expect(spelledDate("2024-02-29", "en")).toBe("Thu 29 Feb 2024");
  });
  it("has a name for every month in both languages", () => {
    for (const lang of ["en", "ms"] as const) {
      for (let month = 1; month <= 12; month++) {
        const day = `2026-${String(month).padStart(2, "0")}-01`;
        expect(spelledDate(day, lang)).toMatch(/^\p{L}{3} 1 \p{L}{3} 2026$/u);
      }
    }
  });
  it("gives nothing for a day that does not exist or is not a day", () => {
    expect(spelledDate("2026-02-29")).toBeNull();
    expect(spelledDate("2026-13-01")).toBeNull();
    expect(spelledDate("")).toBeNull();
    expect(spelledDate("30/01/2026")).toBeNull();
  });
});

describe("formatTimeOnDay", () => {
  it("says when a block ends in GMT+8, in either language", () => {
    // 06:05 UTC on 1 Dec is 14:05 in Malaysia; 20:30 UTC is the next morning there.
    expect(formatTimeOnDay("2026-12-01T06:05:00Z", "en")).toBe("14:05 on 1 Dec");
    expect(formatTimeOnDay("2026-12-01T06:05:00.123456Z", "ms")).toBe("14:05 pada 1 Dis");
    expect(formatTimeOnDay("2026-11-30T20:30:00Z", "en")).toBe("04:30 on 1 Dec");
  });
  it("shows text that is not a time as it came", () => {
    expect(formatTimeOnDay("soon", "en")).toBe("soon");
  });
});
