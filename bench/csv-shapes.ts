/**
 * `npm run bench:csv-shapes`: reading 1 MB CSVs of every shape (blank lines, one-field rows,
 * short rows, full rows) through the importer's reader, against Node's own line split of the same
 * bytes (the floor for any reader): the cost per byte must not depend on the shape.
 */
import { Readable } from "node:stream";
import { readCsv } from "../src/formats/import/csv.ts";

const HEADER =
  "Category,Highlight?,Title,Authors,Venue,Year,H/T,Email,Summarizer,Summary,My opinion,Prerequisites,Read more\n";
const FULL = `Robustness,,"A title, quoted",Some Author,arXiv,2020,,,Rohin,"A summary with ""quotes""",,,\n`;
const shapes: [string, string][] = [
  ["blank lines", "\n".repeat(1_000_000)],
  ["one-field rows", "a\n".repeat(500_000)],
  ["4 of 13 fields", "x,y,z,w\n".repeat(125_000)],
  ["full rows", FULL.repeat(Math.floor(1_000_000 / FULL.length))],
];
console.log("| shape | rows | reader ms | line split ms | ratio |\n|---|---|---|---|---|");
for (const [name, body] of shapes) {
  const bytes = Buffer.from(HEADER + body);
  const chunks = () =>
    Readable.from(
      Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) =>
        bytes.subarray(i * 65536, (i + 1) * 65536),
      ),
    );
  let t = performance.now();
  const reader = await readCsv(chunks(), "bench.csv");
  let rows = 0;
  for await (const _ of reader.rows) rows++;
  const ms = performance.now() - t;
  t = performance.now();
  let lines = 0;
  for await (const chunk of chunks()) lines += (chunk as Buffer).toString("utf8").split("\n").length;
  const floor = performance.now() - t;
  console.log(
    `| ${name} | ${rows.toLocaleString("en")} | ${ms.toFixed(0)} | ${floor.toFixed(1)} | ${(ms / floor).toFixed(0)}x |`,
  );
  if (lines < 0) console.log(lines);
}
