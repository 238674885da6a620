/**
 * A word-level diff of two texts, for an entry's revision history: which words a save removed
 * and which it added. Words and the whitespace between them are separate tokens, so joining the
 * "same" and "added" parts gives the new text back exactly (and "same" + "removed" the old).
 */

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** Past this many differing tokens on both sides the middle is shown as one replacement. */
const MAX_TOKENS = 3000;

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart["kind"], text: string): void {
  if (text === "") return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

/** The parts that turn `before` into `after`, removals before additions where both occur. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  push(parts, "same", a.slice(0, start).join(""));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length > MAX_TOKENS || midB.length > MAX_TOKENS) {
    push(parts, "removed", midA.join(""));
    push(parts, "added", midB.join(""));
  } else middle(parts, midA, midB);
  push(parts, "same", a.slice(endA).join(""));
  return tidy(parts);
}

/**
 * Spaces alone are not a match worth showing: "<del>a</del><ins>x</ins> <del>b</del><ins>y</ins>"
 * reads better as "<del>a b</del><ins>x y</ins>". Whitespace between two changes joins them, and
 * each run of changes becomes one removal then one addition.
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = "";
  let added = "";
  let open = false;
  const flush = () => {
    push(out, "removed", removed);
    push(out, "added", added);
    removed = "";
    added = "";
    open = false;
  };
  for (const [i, p] of parts.entries()) {
    const next = parts[i + 1];
    if (p.kind === "same") {
      if (open && next && /^\s+$/.test(p.text)) {
        removed += p.text;
        added += p.text;
        continue;
      }
      flush();
      push(out, "same", p.text);
    } else {
      open = true;
      if (p.kind === "removed") removed += p.text;
      else added += p.text;
    }
  }
  flush();
  return out;
}

/** Longest common subsequence of tokens (lengths table from the end), then one walk forward. */
function middle(parts: DiffPart[], a: string[], b: string[]): void {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push(parts, "same", a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) push(parts, "removed", a[i++]!);
    else push(parts, "added", b[j++]!);
  }
  while (i < n) push(parts, "removed", a[i++]!);
  while (j < m) push(parts, "added", b[j++]!);
}
