// Generated lead lists for the import and search benchmarks: realistic headers and values, with a
// share of repeated people and of invalid rows, written as a stream so a 1M-row file costs no memory.
import { createWriteStream } from "node:fs";

const FIRST = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "John",
  "Hedy",
  "Tim",
  "Sophie",
  "Jean",
  "Lucie",
  "Jérôme",
  "Anaïs",
];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Backus",
  "Lamarr",
  "Berners-Lee",
  "Wilson",
  "Dupont",
  "Martin",
  "Bernard",
  "Lefèvre",
];
const COMPANY_A = [
  "Analytical",
  "Cobol",
  "Northwind",
  "Contoso",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Acme",
  "Fabrikam",
  "Tailspin",
  "Wingtip",
  "Litware",
  "Proseware",
];
const COMPANY_B = ["Engines", "Systems", "Capital", "Payments", "Bank", "Labs", "Analytics", "Software", "Logistics", "Health"];
const TITLES = [
  "CFO",
  "Chief Financial Officer",
  "VP Finance",
  "Head of Finance",
  "Finance Director",
  "Controller",
  "Treasurer",
  "CEO",
  "COO",
  "Head of Payments",
  "Procurement Manager",
  "Head of Data",
];
const CITIES = ["Paris", "London", "Berlin", "New York", "Lyon", "Madrid", "Amsterdam", "Dublin", "Lisbon", "Milan"];

export const LEAD_WORDS = { FIRST, LAST, COMPANY_A, COMPANY_B, TITLES };

export interface LeadListShape {
  rows: number;
  /** Every n-th row repeats an earlier person (same email, other casing). */
  repeatEvery: number;
  /** Every n-th row has no usable identifier or a broken email. */
  invalidEvery: number;
}

export const REALISTIC: Omit<LeadListShape, "rows"> = { repeatEvery: 20, invalidEvery: 33 };

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** The person of row i: distinct emails and profiles, names and companies from small vocabularies. */
export function personCells(i: number): string[] {
  const first = pick(FIRST, i);
  const last = pick(LAST, Math.floor(i / FIRST.length));
  const company = `${pick(COMPANY_A, i * 7)} ${pick(COMPANY_B, i * 3)} ${i % 997}`;
  return [
    first,
    last,
    `${first.toLowerCase()}.${i}@example.com`,
    `https://www.linkedin.com/in/${first.toLowerCase()}-${i}`,
    company,
    pick(TITLES, i * 5),
    pick(CITIES, i),
    String(i % 101),
  ];
}

const HEADER = ["First Name", "Last Name", "Email", "LinkedIn URL", "Company Name", "Title", "Location", "Score"];

function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")}\n`;
}

/** A row before i that holds a person (neither a repeat nor invalid). */
function earlierPerson(i: number, shape: LeadListShape): number {
  let j = i - 97;
  while (j % shape.repeatEvery === 0 || j % shape.invalidEvery === 0) j--;
  return j;
}

/** The cells of row i of a list with this shape. */
function rowCells(i: number, shape: LeadListShape): string[] {
  if (i > 0 && i % shape.invalidEvery === 0)
    return i % 2 === 0 ? ["No", "Identifier", "", "", "Nowhere Ltd", "", "", ""] : ["Broken", "Email", `broken-${i}-at-example`, "", "", "", "", ""];
  if (i > 100 && i % shape.repeatEvery === 0) {
    const earlier = personCells(earlierPerson(i, shape));
    return [earlier[0]!, earlier[1]!, earlier[2]!.toUpperCase(), "", "", "", "", ""];
  }
  return personCells(i);
}

export async function writeLeadCsv(path: string, shape: LeadListShape): Promise<void> {
  const out = createWriteStream(path);
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  await write(csvLine(HEADER));
  for (let i = 0; i < shape.rows; i++) await write(csvLine(rowCells(i, shape)));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
