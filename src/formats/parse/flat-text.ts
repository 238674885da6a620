import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { type EntryHead, IssueAssembler, issueTitleNumber } from "./assemble.ts";
import { findAnchors, MAX_FLAT_TITLE, plausibleAuthors, titleLike, validTitle } from "./flat-anchors.ts";
import { taxonomyInTextOrder } from "./flat-order.ts";
import type { HeadingIndex } from "./headings.ts";
import { FLAT_LABELS, splitFields } from "./labels.ts";
import { trailingGroup } from "./text-header.ts";
import type { ParsedIssue } from "./types.ts";

/** What sits between two entries' headers besides the previous body: headings and link-only entries. */
type Item = { kind: "heading"; text: string; at: number } | { kind: "entry"; head: EntryHead; at: number };

// Not after an initial ("Thomas G. Dietterich"), "vs." or "et al.": no sentence ends there.
const SENTENCE_END =
  /(?:(?<!(?:^|[\s(])(?:\p{Lu}|vs|al|Dr|Mr|Ms|Mrs|St|Jr|No|e\.g|i\.e))[.!?]["'”’)\]]*|\))\s+/gu;
const HARD_BEFORE_HEADING = /[.!?;)\]"'”’]$/;

class FlatScanner {
  constructor(
    private readonly s: string,
    private readonly headings: HeadingIndex,
  ) {
    this.index();
  }

  /** Every place a heading's name stands, by where it ends, longest name first (found once: the scan asks often). */
  private readonly hits = new Map<number, { start: number; exact: boolean; text: string }[]>();

  private index(): void {
    const lower = this.s.toLowerCase();
    for (const name of this.headings.names) {
      const key = name.toLowerCase();
      for (let at = lower.indexOf(key); at >= 0; at = lower.indexOf(key, at + 1)) {
        const end = at + name.length;
        const text = this.s.slice(at, end);
        const list = this.hits.get(end) ?? [];
        list.push({ start: at, exact: text === name || text === name.toUpperCase(), text });
        this.hits.set(end, list);
      }
    }
  }

  /** The longest heading name that ends at `end` and starts a word, not before `from`. */
  private hitEndingAt(from: number, end: number): { start: number; exact: boolean; text: string } | null {
    for (const hit of this.hits.get(end) ?? []) {
      if (hit.start < from) continue;
      if (hit.start > from && !/\s/.test(this.s[hit.start - 1]!)) continue;
      return hit;
    }
    return null;
  }

  /**
   * The order a heading ending at `end` takes, if it can be a heading there: after `current`,
   * before `next`, and after a sentence's end or a heading that can itself be one ("hard").
   * A name in the taxonomy's own case (or in capitals) may also follow a plain word ("soft":
   * "Read more: Paper Deep learning ..."), which a title containing the name also does.
   */
  headingAt(
    from: number,
    end: number,
    current: number,
    next: number,
  ): { start: number; order: number; text: string; soft: boolean } | null {
    const hit = this.hitEndingAt(from, end);
    if (!hit) return null;
    const orders = this.headings
      .lookup(hit.text)
      .map((r) => r.order)
      .filter((o) => o > current && o < next);
    if (orders.length === 0) return null;
    const order = Math.max(...orders);
    const pre = this.s.slice(from, hit.start).trimEnd();
    const result = { start: hit.start, order, text: hit.text, soft: false };
    if (pre === "") return result;
    const preEnd = from + pre.length;
    const prev = this.hitEndingAt(from, preEnd);
    const chain = prev && this.headingAt(from, preEnd, current, order);
    if (chain) return { ...result, soft: chain.soft };
    if (prev?.exact) return null; // "INTERPRETABILITY Interpretability Beyond ...": a heading, then a title
    if (HARD_BEFORE_HEADING.test(pre)) return result;
    return hit.exact ? { ...result, soft: true } : null;
  }

  /**
   * Where a title ending at `end` starts. Headings that follow an entry's end come first (a
   * title may have a "?" of its own), then the last sentence's end, then headings after a plain
   * word. A title never runs over a link-only entry ("... (Authors) Next Title").
   */
  titleStart(from: number, end: number, current: number, next: number, afterHeading = false): number | null {
    const hard: number[] = [];
    const soft: number[] = [];
    const sentences = [from];
    for (const m of this.s.slice(from, end).matchAll(SENTENCE_END))
      sentences.push(from + m.index + m[0].length);
    for (let i = from; i < end; i++) {
      if (/\S/.test(this.s[i]!) && (i + 1 === end || /\s/.test(this.s[i + 1]!))) {
        const h = this.headingAt(from, i + 1, current, next);
        if (h) (h.soft ? soft : hard).push(i + 1);
      }
    }
    // Only a title right after a heading may hold a sentence's end ("Deep limitations? Examining ...").
    const valid = (sentence: boolean) => (start: number) => {
      const t = this.s.slice(start, end).trim();
      return validTitle(t) && !/\)\s+\p{Lu}/u.test(t) && !(sentence && /[.!?]\s+\p{Lu}/u.test(t));
    };
    const lists = afterHeading ? [hard] : [hard, sentences, soft];
    for (const list of lists) {
      const start = [...list].sort((x, y) => y - x).find(valid(list !== hard));
      if (start !== undefined) return list === sentences ? this.questionBefore(sentences, start, end) : start;
    }
    return null;
  }

  /**
   * A title may open with a question ("Is BERT Really Robust? A Strong Baseline ...", "Deep
   * limitations? Examining ..."): the sentence before the title is taken into it when it ends
   * with "?" or "!" and reads as a title, not as the end of a summary.
   */
  private questionBefore(sentences: number[], start: number, end: number): number {
    const before = sentences.filter((x) => x < start).sort((x, y) => y - x)[0];
    if (before === undefined) return start;
    const fragment = this.s.slice(before, start).trim();
    const whole = this.s.slice(before, end).trim();
    return /[?!]$/.test(fragment) && titleLike(fragment) && validTitle(whole) ? before : start;
  }

  /** The start of a title that ends at `end` right after a heading (several run together stay one). */
  private titleAfterHeading(from: number, end: number, current: number, next: number): number | null {
    for (let i = end - 1; i > from && end - i <= MAX_FLAT_TITLE; i--) {
      if (!/\s/.test(this.s[i]!) || /\s/.test(this.s[i - 1]!)) continue;
      const h = this.headingAt(from, i, current, next);
      const t = this.s.slice(i, end).trim();
      if (h && !h.soft && validTitle(t) && !/[.!?]\s+\p{Lu}|\)\s+\p{Lu}/u.test(t)) return i;
    }
    return null;
  }

  /**
   * Takes link-only entries and headings off the end of [from, end), right to left; what is
   * left is the previous entry's body (or the intro). Items come back in reading order.
   */
  peel(from: number, end: number, current: number): { bodyEnd: number; items: Item[] } {
    const items: Item[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (;;) {
      end = from + this.s.slice(from, end).trimEnd().length;
      const heading = this.headingAt(from, end, current, next);
      if (heading) {
        items.unshift({ kind: "heading", text: heading.text, at: heading.start });
        next = heading.order;
        end = heading.start;
        continue;
      }
      const group = trailingGroup(this.s.slice(from, end));
      if (!group || !/\s$/.test(group.before) || !plausibleAuthors(group.inner)) {
        // A link-only entry without authors is only a title: it can be told only after a heading.
        const start = this.titleAfterHeading(from, end, current, next);
        if (start === null) break;
        items.unshift({
          kind: "entry",
          at: start,
          head: { title: this.s.slice(start, end).trim(), url: "", authors: "", summarizer: null },
        });
        end = start;
        continue;
      }
      const titleEnd = from + group.before.trimEnd().length;
      const start = this.titleStart(from, titleEnd, current, next);
      if (start === null) break;
      const head = {
        title: this.s.slice(start, titleEnd).trim(),
        url: "",
        authors: group.inner.trim(),
        summarizer: null,
      };
      items.unshift({ kind: "entry", head, at: start });
      end = start;
    }
    return { bodyEnd: end, items };
  }
}

/** The text on one line, runs of whitespace made one space, and where each of its offsets was in `source`. */
function collapsed(source: string): { s: string; where: (offset: number) => number } {
  const origin: number[] = [];
  let s = "";
  for (const m of source.matchAll(/\s+|\S+/g)) {
    if (/^\s/.test(m[0])) {
      if (s !== "") {
        origin.push(m.index);
        s += " ";
      }
    } else {
      for (let i = 0; i < m[0].length; i++) origin.push(m.index + i);
      s += m[0];
    }
  }
  if (s.endsWith(" ")) {
    s = s.slice(0, -1);
    origin.pop();
  }
  // A title or heading found after a space starts at its first character.
  return { s, where: (offset) => origin[s[offset] === " " ? offset + 1 : offset] ?? source.length };
}

/**
 * An issue's email flattened to one line, as a reader's mail client or an archive copied it:
 * links dropped ("here ."), headings run into the text ("... explain. Technical AI alignment
 * Technical agendas and prioritization Summary of the ..."), summarized entries written
 * `Title (Authors) : summary` or `Title (Authors) (summarized by X): summary`, link-only ones
 * `Title (Authors)` followed directly by the next title or heading.
 *
 * Headers are found by their anchors (a parenthesised group, then " :" or "(summarized by X):");
 * the text between two anchors is: the previous entry's body, link-only entries and headings,
 * then the next title. It is read from the right: the title starts at the last sentence end or
 * heading before the anchor; headings must go forward in taxonomy order (which tells a title
 * that begins with a category's name from the category's heading).
 */
export function parseFlatText(source: string, taxonomy: Taxonomy, newsletter: Newsletter): ParsedIssue {
  const { s, where } = collapsed(source);
  const a = new IssueAssembler(taxonomyInTextOrder(s, taxonomy), newsletter);
  const scan = new FlatScanner(s, a.headings);
  let intro: string | null = null;
  let pending: { head: EntryHead; bodyStart: number; start: number } | null = null;
  let pos = 0;
  let previousBare = false;

  const close = (bodyEnd: number) => {
    if (pending) {
      const body = s.slice(pending.bodyStart, bodyEnd);
      const fields = splitFields(body, FLAT_LABELS, a.expectedOpinionAuthor(pending.head));
      a.add(pending.head, fields, where(pending.start));
    } else intro = s.slice(0, bodyEnd);
    pending = null;
  };
  const apply = (items: Item[]) => {
    for (const item of items) {
      if (item.kind === "heading") a.heading(item.text, null, where(item.at));
      else {
        const none = { summary: "", opinion: "", opinionAuthor: "", prerequisites: "", readMore: "" };
        a.add(item.head, none, where(item.at));
      }
    }
  };

  for (const anchor of findAnchors(s)) {
    if (anchor.titleEnd <= pos) continue;
    // "Title : summary" without authors is also how a dropped link before a colon reads in
    // prose; it counts only right after a heading (where AN's news items, without authors, are).
    let start = scan.titleStart(
      pos,
      anchor.titleEnd,
      a.placement.order,
      Number.POSITIVE_INFINITY,
      anchor.bare,
    );
    // A bare header may also follow a sentence's end: in a run of news items without authors
    // ("... Jan 1. Foundations of Cooperative AI Lab : This new lab ..."), or when what stands
    // before the colon reads as a title, not as prose ("You can apply here :").
    if (start === null && anchor.bare) {
      const after = scan.titleStart(pos, anchor.titleEnd, a.placement.order, Number.POSITIVE_INFINITY);
      if (after !== null && (previousBare || titleLike(s.slice(after, anchor.titleEnd)))) start = after;
    }
    if (start === null) continue; // a parenthesis and a colon in prose, not a header
    const { bodyEnd, items } = scan.peel(pos, start, a.placement.order);
    close(bodyEnd);
    apply(items);
    const title = s.slice(start, anchor.titleEnd).trim();
    pending = {
      head: { title, url: "", authors: anchor.authors, summarizer: anchor.summarizer },
      bodyStart: anchor.bodyStart,
      start,
    };
    pos = anchor.bodyStart;
    previousBare = anchor.bare;
  }
  const { bodyEnd, items } = scan.peel(pos, s.length, a.placement.order);
  close(bodyEnd);
  apply(items);

  // The issue may name itself first ("Alignment Newsletter #53 ..."): its number, not its intro.
  let text: string = intro ?? "";
  const title = /^\s*(.{0,80}?#\s*\d+)\b/.exec(text);
  const number = title ? issueTitleNumber(title[1]!, newsletter) : null;
  if (number !== null && title) text = text.slice(title[0].length).replace(/^\s*:?\s*/, "");
  return a.result(text, number);
}
