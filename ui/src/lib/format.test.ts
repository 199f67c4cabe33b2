import { describe, expect, it } from "vitest";
import { deadlineTone, defaultCampaignYear, moneyText, moneyValue, parseViDate, viDate } from "./format";

describe("format", () => {
  it("shows money with the thousands dot and reads it back however it was typed", () => {
    expect(moneyText(3000000)).toBe("3.000.000");
    expect(moneyText(1250)).toBe("1.250");
    expect(moneyText(999)).toBe("999");
    expect(moneyText(0)).toBe("");
    expect(moneyValue("3.000.000")).toBe(3000000);
    expect(moneyValue("3 000 000 đ")).toBe(3000000);
    expect(moneyValue("")).toBe(0);
  });
  it("writes dates the Vietnamese way with leading zeros", () => {
    expect(viDate("2025-10-01")).toBe("01/10/2025");
    expect(viDate("not a date")).toBe("not a date");
  });
  it("colours the deadline", () => {
    expect(deadlineTone(null)).toBe("none");
    expect(deadlineTone(-1)).toBe("late");
    expect(deadlineTone(0)).toBe("soon");
    expect(deadlineTone(10)).toBe("ok");
  });
  it("proposes the campaign year from July on", () => {
    expect(defaultCampaignYear(new Date(2026, 10, 27))).toBe(2026);
    expect(defaultCampaignYear(new Date(2026, 2, 1))).toBe(2025);
  });
  it("reads dates typed as day/month/year", () => {
    expect(parseViDate("01/10/2025")).toBe("2025-10-01");
    expect(parseViDate(" 1-10-2025 ")).toBe("2025-10-01");
    expect(parseViDate("29.2.2024")).toBe("2024-02-29");
    expect(parseViDate("29/02/2025")).toBeNull();
    expect(parseViDate("10/31/2025")).toBeNull();
    expect(parseViDate("2025-10-01")).toBeNull();
    expect(parseViDate("")).toBeNull();
  });
});
