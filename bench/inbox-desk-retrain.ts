/**
 * How long a desk decision that triggers a retraining makes the editor wait, on real data:
 * the AN sheet in a fresh SQLite database, the alignment bibliography imported as history (the
 * models train on it), ten new candidates, inbox.retrain_every = 1. Each run dismisses one
 * candidate through the desk (POST /desk/inbox/N/dismiss, in-process) and times the answer and,
 * separately, the retraining it started (the "retrained" event of the inbox's jobs); then the
 * same decision through the service the command line uses, which waits for the training.
 *
 *   node --import tsx bench/inbox-desk-retrain.ts [--runs 3]
 *
 * Also a page asked for a second into that training: the models are computed in a worker thread
 * (train-in-worker.ts), so it should not wait for them (only for the database reads and the
 * rescoring, which stay on the process's thread).
 * Goal (issue 17): the answer does not wait for the training.
 */
import { once } from "node:events";
import { join } from "node:path";
import { createUser } from "../src/accounts/index.ts";
import { importFrom } from "../src/entries/index.ts";
import { addCandidates, dismissCandidates, importIntoInbox, inboxJobs } from "../src/inbox/index.ts";
import { changeSetting } from "../src/newsletter/index.ts";
import { openStore } from "../src/store/connect.ts";
import { createApp } from "../src/web/index.ts";
import {
  DATA_DIR,
  ensureOutDir,
  median,
  numberFlag,
  REAL_XLSX,
  removeDatabase,
  requireFile,
  round,
  table,
} from "./lib/common.ts";

const runs = numberFlag("runs", 3);
const sheet = requireFile(REAL_XLSX, "The real AN sheet (an-database-2022.xlsx)");
const bibliography = requireFile(join(DATA_DIR, "ai-alignment-papers.csv"), "the alignment bibliography");
const db = join(ensureOutDir(), "inbox-desk-retrain.db");
removeDatabase(db);
const store = await openStore(db);
await importFrom(store, sheet);
const history = await importIntoInbox(store, bibliography, { history: true });
process.stderr.write(`history: ${history.added} items (${history.picked} picked)\n`);
const { ids } = await addCandidates(
  store,
  Array.from({ length: 2 * runs }, (_, i) => ({
    title: `A new candidate for the bench, number ${i}`,
    abstract: "",
    authors: ["Shah, Rohin"],
    venue: "arXiv",
    itemType: "preprint",
    url: "",
    published: "2022-01-01",
    tags: [],
    externalId: null,
    hatTip: null,
  })),
  { source: "bench", now: new Date().toISOString() },
);
await changeSetting(store, "inbox.retrain_every", "1");

const cost = { N: 2 ** 10, r: 8, p: 1 };
const jobs = inboxJobs(store);
const app = createApp(store, { passwordCost: cost, inbox: { jobs } });
const user = await createUser(
  store,
  { email: "bench@example.org", name: "Bench Editor", role: "editor", password: "bench password 1" },
  { passwordCost: cost },
);
const base = "http://summa.bench";
const form = await app.request(`${base}/desk/login`);
const loginCookie = form.headers
  .getSetCookie()
  .find((c) => c.startsWith("summa_login_csrf="))!
  .split(";")[0]!;
const loginCsrf = /name="_csrf"[^>]*value="([^"]*)"/.exec(await form.text())![1]!;
const login = await app.request(`${base}/desk/login`, {
  method: "POST",
  body: new URLSearchParams({ _csrf: loginCsrf, email: user.email, password: "bench password 1" }),
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie },
});
const cookie = login.headers
  .getSetCookie()
  .find((c) => c.startsWith("summa_session="))!
  .split(";")[0]!;
const csrf = /name="_csrf"[^>]*value="([^"]*)"/.exec(
  await (await app.request(`${base}/desk`, { headers: { cookie } })).text(),
)![1]!;

const answers: number[] = [];
const trainings: number[] = [];
const synchronous: number[] = [];
const during: number[] = [];
for (let i = 0; i < runs; i++) {
  const trained = once(jobs.events, "retrained");
  const t0 = performance.now();
  const res = await app.request(`${base}/desk/inbox/${ids[i]}/dismiss`, {
    method: "POST",
    body: new URLSearchParams({ _csrf: csrf }),
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
  });
  const answered = performance.now();
  if (res.status !== 303) throw new Error(`dismiss answered ${res.status}`);
  // Another page, asked for a second into the training (the models are computed in a worker
  // thread meanwhile). Timed from when it was due.
  const due = performance.now() + 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await (await app.request(`${base}/desk`, { headers: { cookie } })).text();
  during.push(performance.now() - due);
  const [report] = (await trained) as [{ ms: number } | null];
  if (!report) throw new Error("the decision did not retrain");
  answers.push(answered - t0);
  trainings.push(performance.now() - answered);

  const t1 = performance.now();
  await dismissCandidates(store, user, [ids[runs + i]!], new Date().toISOString());
  synchronous.push(performance.now() - t1);
}
await jobs.idle();
console.log(
  table(
    ["", "median ms", "max ms"],
    [
      ["desk answer (training after it)", round(median(answers), 1), round(Math.max(...answers), 1)],
      ["the training it started, after the answer", round(median(trainings)), round(Math.max(...trainings))],
      ["GET /desk due 1 s into that training", round(median(during)), round(Math.max(...during))],
      ["the same decision, waiting (CLI)", round(median(synchronous)), round(Math.max(...synchronous))],
    ],
  ),
);
await store.close();
