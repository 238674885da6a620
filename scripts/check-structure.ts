/**
 * Structure rules the type checker and Biome cannot state, checked in CI (`npm run check:structure`):
 *
 * 1. No folder import cycle under src/: at every level, sibling folders (src/entries and
 *    src/issues; src/web/api and src/web/desk) import each other in one direction only.
 * 2. The faces (src/web, src/cli) import no value from src/store: they read and write through
 *    the services (src/archive for public reads, src/entries, src/issues, ...). Types are fine,
 *    and so is opening the database where the command line starts (src/cli/context.ts imports
 *    openStore from src/store/connect.ts): choosing the database is the program's, not a read.
 * 3. The entry's fields are listed once, in src/domain/entry-fields.ts: no other file of src/
 *    names more than a few of them (a page that shows some fields is fine, a list of them is not).
 *    Migrations are exempt: they are frozen in time with their own literals.
 *
 * 4. Migrations are frozen in time: src/store/migrations.ts imports no value from src/ but the
 *    runner of the steps it leaves pending (after-migrations.ts).
 *
 * Prints every violation with its file and exits 1 if there is any.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ENTRY_FIELDS } from "../src/domain/entry-fields.ts";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

interface Import {
  target: string;
  typeOnly: boolean;
  line: number;
}

// `import ... from "x"`, `export ... from "x"` and `import("x")`; specifiers may span lines.
const STATIC = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*["']([^"']+)["']/gms;
const DYNAMIC = /import\(\s*["']([^"']+)["']\s*\)/g;

/** `{ type A, type B as C }`: every name imported is a type. */
function onlyTypes(clause: string): boolean {
  const m = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!m) return false;
  const names = m[1]!
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const lineAt = (i: number) => text.slice(0, i).split("\n").length;
  const out: Import[] = [];
  for (const m of text.matchAll(STATIC)) {
    const spec = m[4]!;
    if (!spec.startsWith(".")) continue;
    out.push({
      target: resolve(dirname(file), spec),
      typeOnly: Boolean(m[2]) || onlyTypes(m[3]!),
      line: lineAt(m.index ?? 0),
    });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    const spec = m[1]!;
    if (spec.startsWith("."))
      out.push({ target: resolve(dirname(file), spec), typeOnly: false, line: lineAt(m.index ?? 0) });
  }
  return out;
}

const files = sourceFiles(SRC);
const imports = new Map(files.map((f) => [f, importsOf(f)]));
const problems: string[] = [];
const rel = (p: string) => relative(ROOT, p);

// 1. Folder cycles among siblings, at every level.
function siblingCycles(dir: string): void {
  const children = readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory());
  if (children.length > 1) {
    const childOf = (p: string) => children.find((c) => p === c || p.startsWith(c + sep));
    const edges = new Map<string, Map<string, string>>();
    for (const [file, list] of imports) {
      const from = childOf(file);
      if (!from) continue;
      for (const i of list) {
        const to = childOf(i.target);
        if (!to || to === from) continue;
        if (!edges.has(from)) edges.set(from, new Map());
        if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${rel(file)}:${i.line}`);
      }
    }
    for (const cycle of findCycles(children, edges))
      problems.push(
        `folder import cycle: ${cycle.map(rel).join(" -> ")} -> ${rel(cycle[0]!)} (${cycle
          .map((c, k) => edges.get(c)!.get(cycle[(k + 1) % cycle.length]!))
          .join(", ")})`,
      );
  }
  for (const c of children) siblingCycles(c);
}

/** One cycle per strongly connected set of folders (enough to name the problem). */
function findCycles(nodes: string[], edges: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  for (const start of nodes) {
    // Depth-first from `start`, looking for a path back to it through nodes not yet reported.
    const stack: { node: string; path: string[] }[] = [{ node: start, path: [start] }];
    const visited = new Set<string>();
    while (stack.length) {
      const { node, path } = stack.pop()!;
      for (const next of edges.get(node)?.keys() ?? []) {
        if (next === start) {
          const key = [...path].sort().join("|");
          if (!seen.has(key)) {
            seen.add(key);
            found.push(path);
          }
        } else if (!visited.has(next) && !path.includes(next)) {
          visited.add(next);
          stack.push({ node: next, path: [...path, next] });
        }
      }
    }
  }
  return found;
}

siblingCycles(SRC);

// 2. Store values imported by the faces.
const STORE = join(SRC, "store");
const OPENER = join(SRC, "cli", "context.ts");
for (const face of ["web", "cli"].map((f) => join(SRC, f)))
  for (const [file, list] of imports)
    if (file.startsWith(face + sep))
      for (const i of list)
        if (
          !i.typeOnly &&
          (i.target === STORE || i.target.startsWith(STORE + sep)) &&
          !(file === OPENER && i.target === join(STORE, "connect.ts"))
        )
          problems.push(
            `${rel(file)}:${i.line}: imports a value from ${rel(i.target)}; faces go through the services (types only from the store)`,
          );

// 3. Lists of the entry's fields outside the table. The fields that every page shows (title,
// url, authors...) say nothing; a file naming many of the others lists the fields.
const COMMON = new Set([
  "title",
  "url",
  "authors",
  "year",
  "summary",
  "opinion",
  "category",
  "highlight",
  "venue",
]);
const MAX_FIELDS_NAMED = 5;
const TABLE = join(SRC, "domain", "entry-fields.ts");
const telling = ENTRY_FIELDS.filter((f) => !COMMON.has(f.name));
for (const file of files) {
  if (file === TABLE || /migrations/.test(file)) continue;
  const text = readFileSync(file, "utf8");
  // Used as a property or a key (`.hatTip`, `hatTip:`, `"hat_tip"`), not a function of the same name.
  const named = telling.filter((f) =>
    [f.name, f.column].some((id) => new RegExp(`\\.${id}\\b|\\b${id}\\??\\s*:|["'\`]${id}["'\`]`).test(text)),
  );
  if (named.length > MAX_FIELDS_NAMED)
    problems.push(
      `${rel(file)}: names ${named.length} of the entry's fields (${named.map((f) => f.name).join(", ")}); derive them from src/domain/entry-fields.ts`,
    );
}

// 4. Frozen migrations.
const MIGRATIONS = join(SRC, "store", "migrations.ts");
for (const i of imports.get(MIGRATIONS) ?? [])
  if (!i.typeOnly && !i.target.endsWith(`${sep}after-migrations.ts`))
    problems.push(
      `${rel(MIGRATIONS)}:${i.line}: imports a value from ${rel(i.target)}; migrations use their own literals`,
    );

if (problems.length) {
  console.error(`${problems.length} structure problem${problems.length > 1 ? "s" : ""}:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `structure: ${files.length} files, no folder cycle, no store value in web/ or cli/, fields listed once, migrations frozen`,
);
