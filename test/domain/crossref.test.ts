import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  findCrossReferences,
  type ReferenceTarget,
  resolveCrossReferences,
} from "../../src/domain/crossref.ts";
import { titleKey } from "../../src/domain/keys.ts";

const known: Record<string, ReferenceTarget> = {
  [titleKey("Reward uncertainty")]: {
    url: "https://example.org/ru",
    issueLabel: "AN #42",
    issueUrl: "https://mail.example/42",
  },
  [titleKey("No link [draft]")]: { url: "", issueLabel: "AN #7", issueUrl: "" },
  [titleKey("Unsent")]: { url: "https://example.org/u", issueLabel: "", issueUrl: "" },
};
const resolve = (t: string) => known[titleKey(t)];

describe("cross-references", () => {
  test("both placeholder forms are found, with shown text and target", () => {
    const refs = findCrossReferences("See <@Reward uncertainty@> and <@this idea@>(@Other Title@).");
    assert.deepEqual(
      refs.map((r) => [r.shown, r.target]),
      [
        ["Reward uncertainty", "Reward uncertainty"],
        ["this idea", "Other Title"],
      ],
    );
  });

  test("resolve to a link followed by the issue as a link, case-insensitively", () => {
    const r = resolveCrossReferences("One issue with <@reward UNCERTAINTY@> is...", resolve);
    assert.equal(
      r.markdown,
      "One issue with [reward UNCERTAINTY](https://example.org/ru) ([AN #42](https://mail.example/42)) is...",
    );
    assert.deepEqual(r.unresolved, []);
    const shown = resolveCrossReferences("<@the idea@>(@Reward uncertainty@)", resolve);
    assert.equal(shown.markdown, "[the idea](https://example.org/ru) ([AN #42](https://mail.example/42))");
  });

  test("missing URLs degrade gracefully; brackets in shown text are escaped", () => {
    assert.equal(resolveCrossReferences("<@No link [draft]@>", resolve).markdown, "No link [draft] (AN #7)");
    assert.equal(resolveCrossReferences("<@Unsent@>", resolve).markdown, "[Unsent](https://example.org/u)");
    assert.equal(
      resolveCrossReferences("<@a [b]@>(@Reward uncertainty@)", resolve).markdown,
      "[a \\[b\\]](https://example.org/ru) ([AN #42](https://mail.example/42))",
    );
  });

  test("an unresolved reference renders as its text and is reported", () => {
    const r = resolveCrossReferences("x <@More realistic tales of doom@> y <@shown@>(@Nowhere@)", resolve);
    assert.equal(r.markdown, "x More realistic tales of doom y shown");
    assert.deepEqual(
      r.unresolved.map((u) => u.target),
      ["More realistic tales of doom", "Nowhere"],
    );
  });

  test("older literal references pass through untouched", () => {
    const text = "[Title](https://x.org) ([AN #24](https://mail.example/24))";
    assert.equal(resolveCrossReferences(text, resolve).markdown, text);
  });
});
