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
