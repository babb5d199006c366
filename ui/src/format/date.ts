/**
 * Calendar dates as the backend sends them ("YYYY-MM-DD"): no time, no time zone. They are
 * formatted as UTC midnight with the UTC time zone, so the day shown never shifts with the
 * machine's zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) {
    return false;
  }
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function utcDate(iso: string): Date | null {
  return isIsoDate(iso) ? new Date(`${iso}T00:00:00Z`) : null;
}

/** "2024-03-15" in `locale`'s medium style: "Mar 15, 2024", "2024年3月15日". */
export function formatDate(iso: string, locale: string): string {
  const date = utcDate(iso);
  if (!date) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** A month end as a short label for a chart axis: "Mar 2024", "2024年3月". */
export function formatMonth(iso: string, locale: string): string {
  const date = utcDate(iso);
  if (!date) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(date);
}

/** Today on the machine's calendar, as "YYYY-MM-DD" (the default as-of date). */
export function todayIso(now: Date = new Date()): string {
  const y = String(now.getFullYear()).padStart(4, "0");
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** A moment such as "2024-03-11T09:30:00Z" in the machine's time zone; a date alone as a date. */
export function formatTimestamp(text: string, locale: string): string {
  if (isIsoDate(text)) {
    return formatDate(text, locale);
  }
  const moment = new Date(text);
  if (Number.isNaN(moment.getTime())) {
    return text;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
    moment,
  );
}
