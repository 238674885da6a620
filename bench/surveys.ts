/**
 * Reader surveys under load, two figures (issue 16):
 *   1. survey submissions per second against `summa serve` (its own process), next to the
 *      stylesheet from the same server in the same run: each POST answers a linked survey
 *      through one of --readers subscribers' signed links (the full path: Origin check, token,
 *      answers checked, one row written or changed in a transaction, a 303);
 *   2. server CPU for the desk's results page of a survey with --responses responses, in
 *      process (app.request, process.cpuUsage), median of 12 after a warm-up; plainly, and
 *      segmented by one answer with a cross-tab of two questions.
 *
 *   node --import tsx bench/surveys.ts [--seconds 10] [--connections 10] [--readers 2000] [--responses 10000]
 *
 * Goal: the results page of 10,000 responses under 100 ms of server CPU (both ways).
 */
import { join } from "node:path";
import autocannon from "autocannon";
import { createUser } from "../src/accounts/index.ts";
import { readAnswers } from "../src/domain/index.ts";
import { insertSurveyResponse, openStore, type Store } from "../src/store/index.ts";
import { linkSecret } from "../src/subscribers/index.ts";
import { createSurvey, getSurvey, surveyToken } from "../src/surveys/index.ts";
import { createApp } from "../src/web/app.tsx";
import {
  ensureOutDir,
  machine,
  median,
  numberFlag,
  OUT_DIR,
  removeDatabase,
  round,
  startSummaServe,
  table,
} from "./lib/common.ts";

const seconds = numberFlag("seconds", 10);
const connections = numberFlag("connections", 10);
const readers = numberFlag("readers", 2000);
const responses = numberFlag("responses", 10_000);

const QUESTIONS = [
  {
    id: "role",
    kind: "single",
    text: "What do you do?",
    options: ["Research", "Engineering", "Other"],
    required: true,
  },
  {
    id: "parts",
    kind: "multiple",
    text: "Which parts do you read?",
    options: ["Highlights", "Opinions"],
    other: true,
  },
  {
    id: "useful",
    kind: "scale",
    text: "How useful is it?",
    max: 5,
    min_label: "Not at all",
    max_label: "Very",
  },
  { id: "name", kind: "short_text", text: "One word for it?" },
  { id: "more", kind: "long_text", text: "Anything else?" },
];
const FORM = new URLSearchParams([
  ["q_role", "Research"],
  ["q_parts", "Highlights"],
  ["q_parts", "__other__"],
  ["q_parts_other", "the links"],
  ["q_useful", "4"],
  ["q_name", "Digest"],
  ["q_more", "Shorter issues, please, and more on interpretability."],
]).toString();

async function measure(url: string, requests: autocannon.Request[]) {
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1, requests });
  // A submission answers 303 (see the thanks page): only 4xx, 5xx, errors and timeouts are failures.
  const bad = r["4xx"] + r["5xx"] + r.errors + r.timeouts;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad };
}

/** A linked survey and `readers` subscribers; returns each reader's form path. */
async function prepareSubmissions(store: Store): Promise<string[]> {
  await createSurvey(store, { slug: "bench", title: "Bench", anonymity: "linked", questions: QUESTIONS });
  const now = new Date().toISOString();
  const rows = Array.from({ length: readers }, (_, i) => ({
    email: `reader-${i}@example.org`,
    name: "",
    status: "active" as const,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto("subscribers")
      .values(rows.slice(i, i + 500))
      .execute();
  const secret = await linkSecret(store);
  const subs = await store.db.selectFrom("subscribers").select(["id", "email"]).execute();
  return subs.map((s) => `/surveys/bench?t=${surveyToken({ secret }, s)}`);
}

async function submissions(db: string, paths: string[]) {
  const { child, url } = await startSummaServe(db, ["--no-worker"]);
  try {
    const home = await (await fetch(`${url}/`)).text();
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(home)?.[1] ?? "/assets/site.css";
    let next = 0;
    const post: autocannon.Request = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: FORM,
      setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }),
    };
    await measure(url, [post]); // warm-up: every reader's first answer is an insert, later ones changes
    const base = await measure(url, [{ method: "GET", path: css }]);
    const ours = await measure(url, [post]);
    return { css, base, ours };
  } finally {
    child.kill("SIGTERM");
  }
}

type Cpu = { median: number; min: number; max: number };

/** The results page plainly, and segmented (one answer) with a cross-tab of two questions. */
const RESULT_PAGES = {
  plain: "/desk/surveys/big/results",
  segmented: `/desk/surveys/big/results?answer=${encodeURIComponent("role=Research")}&row=parts&col=useful`,
};

async function resultsCpu(store: Store): Promise<Record<keyof typeof RESULT_PAGES, Cpu>> {
  await createSurvey(store, { slug: "big", title: "Big", anonymity: "anonymous", questions: QUESTIONS });
  const survey = await getSurvey(store, "big");
  const roles = ["Research", "Engineering", "Other"];
  await store.db.transaction().execute(async (tx) => {
    for (let i = 0; i < responses; i++) {
      const { answers } = readAnswers(survey.questions, (name) => {
        const values: Record<string, string[]> = {
          q_role: [roles[i % 3]!],
          q_parts: i % 2 ? ["Highlights", "__other__"] : ["Opinions"],
          q_parts_other: [`other ${i}`],
          q_useful: [String(1 + (i % 5))],
          q_name: [`name ${i}`],
          q_more: [`A longer answer, number ${i}, about interpretability and the highlights.`],
        };
        return values[name] ?? [];
      });
      const at = new Date().toISOString();
      await insertSurveyResponse(tx, {
        survey_id: survey.id,
        subscriber_id: null,
        answers: JSON.stringify(answers),
        created_at: at,
        updated_at: at,
      });
    }
  });
  const passwordCost = { N: 2 ** 10, r: 8, p: 1 };
  const password = "correct horse battery staple";
  await createUser(
    store,
    { email: "editor@example.org", name: "E", role: "editor", password },
    { passwordCost },
  );
  const app = createApp(store, { passwordCost });
  const base = "http://bench.test";
  const form = await app.request(`${base}/desk/login`);
  const loginCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const login = await app.request(`${base}/desk/login`, {
    method: "POST",
    body: new URLSearchParams({ _csrf: csrf, email: "editor@example.org", password }),
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie },
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const cpuOf = async (path: string): Promise<Cpu> => {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const before = process.cpuUsage();
      const res = await app.request(`${base}${path}`, { headers: { cookie } });
      const body = await res.text();
      const used = process.cpuUsage(before);
      if (res.status !== 200 || !body.includes(`${responses} responses`))
        throw new Error(`results page ${path}: HTTP ${res.status}`);
      if (i >= 3) times.push((used.user + used.system) / 1000);
    }
    return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
  };
  return { plain: await cpuOf(RESULT_PAGES.plain), segmented: await cpuOf(RESULT_PAGES.segmented) };
}

ensureOutDir();
const db = join(OUT_DIR, "surveys.db");
removeDatabase(db);
const store = await openStore(db);
const paths = await prepareSubmissions(store);
const cpu = await resultsCpu(store);
await store.close();
const { css, base, ours } = await submissions(db, paths);

console.log(JSON.stringify(machine()));
console.log(`${connections} connections, ${seconds} s per measurement, ${readers} readers' links\n`);
console.log(
  table(
    ["target", "req/s", "p50 ms", "p99 ms", "non-2xx/3xx or errors", "req/s vs static"],
    [
      [
        "POST /surveys/bench?t=... (a linked answer, 303)",
        round(ours.rps, 0),
        ours.p50,
        ours.p99,
        ours.bad,
        round(ours.rps / base.rps, 3),
      ],
      [`  baseline: static ${css}`, round(base.rps, 0), base.p50, base.p99, base.bad, 1],
    ],
  ),
);
for (const [name, c] of Object.entries(cpu))
  console.log(
    `${name === "plain" ? "\n" : ""}desk results page (${name}: ${RESULT_PAGES[name as keyof typeof RESULT_PAGES]}), ${responses} responses: ${round(c.median, 1)} ms server CPU (median; min ${round(c.min, 1)}, max ${round(c.max, 1)})`,
  );
console.log(
  JSON.stringify({
    submit_rps: round(ours.rps, 0),
    static_rps: round(base.rps, 0),
    ratio: round(ours.rps / base.rps, 3),
    results_cpu_ms: round(cpu.plain.median, 1),
    segmented_results_cpu_ms: round(cpu.segmented.median, 1),
    responses,
  }),
);
