// Display helpers for dates and the deadline badge (Vietnamese conventions).

/** "2025-10-01" → "01/10/2025" (leading zeros, as in official documents). */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return y && m && d ? `${d}/${m}/${y}` : iso;
}

/** Tone of the deadline badge: plenty of time, soon, today or overdue. */
export function deadlineTone(daysLeft: number | null): "ok" | "soon" | "late" | "none" {
  if (daysLeft === null) return "none";
  if (daysLeft < 0) return "late";
  return daysLeft <= 3 ? "soon" : "ok";
}

/** The school year in which October of `year` falls is "year-(year+1)"; the default campaign
 * year is this year from July on (plans are written in September), last year before. */
export function defaultCampaignYear(today: Date): number {
  return today.getMonth() >= 6 ? today.getFullYear() : today.getFullYear() - 1;
}

/** Parses a date typed the Vietnamese way ("1/10/2025", "01-10-2025", "01.10.2025") into
 * "2025-10-01"; `null` when it is not a real calendar date. */
export function parseViDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** 3000000 → "3.000.000": money with the thousands dot, as the documents print it; 0 is empty,
 *  so a field shows nothing to delete before typing. */
export function moneyText(amount: number): string {
  return amount > 0 ? String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".") : "";
}

/** What was typed in a money field ("3.000.000", "3 000 000", "3000000đ") as a number of đồng. */
export function moneyValue(text: string): number {
  const digits = text.replace(/\D/g, "");
  return digits ? Number(digits) : 0;
}
