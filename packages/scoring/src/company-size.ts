// Reading a company's size as written by sources ("51-200", "51–200 employees", "1,001-5,000",
// "10001+", "500", "Self-employed") as an employee range; null when it says no number.

export interface EmployeeRange {
  min: number;
  max: number;
}

export function parseCompanySize(text: string | null | undefined): EmployeeRange | null {
  if (!text) return null;
  if (/self[\s-]?employed/i.test(text)) return { min: 1, max: 1 };
  const numbers = [...text.replace(/(\d),(?=\d{3}\b)/g, "$1").matchAll(/\d+(?:\.\d+)?\s*[kK]?/g)].map((m) => {
    const raw = m[0].trim();
    return /k$/i.test(raw) ? Math.round(parseFloat(raw) * 1000) : parseInt(raw, 10);
  });
  const [first, second] = numbers;
  if (first === undefined) return null;
  if (second !== undefined) return { min: Math.min(first, second), max: Math.max(first, second) };
  return /\+|more|over|above/i.test(text) ? { min: first, max: Number.POSITIVE_INFINITY } : { min: first, max: first };
}

/** True when the company's range and the rule's range share a size. */
export function overlaps(size: EmployeeRange, min: number, max: number | null): boolean {
  return size.min <= (max ?? Number.POSITIVE_INFINITY) && size.max >= min;
}

export function formatRange(min: number, max: number | null): string {
  if (max === null || max === Number.POSITIVE_INFINITY) return `${min}+`;
  return min === max ? `${min}` : `${min}-${max}`;
}
