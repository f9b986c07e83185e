// The proleptic Gregorian calendar, once: every date check (front matter, options, signature dates, the anniversary)
// asks here. Arithmetic, not Date: Date.UTC reads the years 0–99 as 1900–1999.

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year, month and day name a day that exists. */
export const isRealDay = (year: number, month: number, day: number): boolean => Number.isInteger(year) && year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
