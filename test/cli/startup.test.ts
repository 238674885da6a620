import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { REPO_ROOT } from "../helpers/env.ts";

/**
 * `summa` answers at once only if a command loads its own code and no more: the build's
 * metafile (scripts/build.mjs) says what each output file imports, so this checks what
 * running a command would load, without timing anything.
 */
interface Meta {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

let meta: Meta;
// The staging folder the build wrote into prefixes every path: compare without it.
const local = (path: string) => path.replace(/^[^/]+\//, "");

before(() => {
  if (!existsSync(join(REPO_ROOT, "dist/meta.json"))) {
    const built = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/build.mjs")], { cwd: REPO_ROOT });
    assert.equal(built.status, 0, String(built.stderr));
  }
  meta = JSON.parse(readFileSync(join(REPO_ROOT, "dist/meta.json"), "utf8")) as Meta;
});

/** The packages an output file loads when it runs: its static imports, transitively. */
function packagesLoaded(output: string): Set<string> {
  const outputs = new Map(Object.entries(meta.outputs).map(([k, v]) => [local(k), v]));
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs.get(file)?.imports ?? []) {
      if (i.kind !== "import-statement" || i.path.startsWith("node:")) continue;
      if (i.external)
        packages.add(
          i.path.startsWith("@") ? i.path.split("/").slice(0, 2).join("/") : i.path.split("/")[0]!,
        );
      else visit(local(i.path));
    }
  };
  visit(output);
  return packages;
}

function outputOf(source: string): string {
  const outputs = Object.entries(meta.outputs);
  const found =
    outputs.find(([, v]) => v.entryPoint === source) ?? outputs.find(([, v]) => source in v.inputs);
  assert.ok(found, `no output holds ${source}`);
  return local(found[0]);
}

const HEAVY = [
  "exceljs",
  "juice",
  "hono",
  "@hono/node-server",
  "nodemailer",
  "pg",
  "csv-parse",
  "fflate",
  "htmlparser2",
];

test("the entry point loads commander alone: --help and --version need nothing else", () => {
  assert.deepEqual([...packagesLoaded(outputOf("src/cli/main.ts"))], ["commander"]);
});

test("search and lookup load the database driver and their own code, none of the web, mail or import code", () => {
  const loaded = packagesLoaded(outputOf("src/cli/commands/search.ts"));
  const heavy = HEAVY.filter((p) => loaded.has(p));
  assert.deepEqual(heavy, [], `search loads ${[...loaded].join(", ")}`);
  assert.ok(loaded.has("better-sqlite3") && loaded.has("kysely") === false, "kysely is bundled in");
});
