import { Parser } from "htmlparser2";
import type { UnpackBudget, ZipEntry } from "./zip-stream.ts";
import { unpackEntry } from "./zip-stream.ts";

/** What a part's reader does with the XML as it streams by: names without their namespace prefix. */
export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

function local(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Streams one part of the workbook through a SAX parser: the part is unpacked a piece at a
 * time and never held whole, so a sheet of any size costs what its reader keeps.
 */
export function readXmlPart(
  data: Uint8Array,
  entry: ZipEntry,
  budget: UnpackBudget,
  file: string,
  handlers: XmlHandlers,
): void {
  const parser = new Parser(
    {
      // A handler's throw (a cell too large) leaves the parser through write(), ending the read.
      onopentag: (name, attrs) => handlers.open?.(local(name), attrs),
      ontext: (t) => handlers.text?.(t),
      onclosetag: (name) => handlers.close?.(local(name)),
    },
    { xmlMode: true, decodeEntities: true },
  );
  const decoder = new TextDecoder("utf-8");
  // XML reads a literal CR LF or CR as LF (XML 1.0, 2.11; `&#13;` stays a CR); a CR that ends
  // one piece waits for the next, which may start with its LF.
  let pendingCr = false;
  const write = (text: string) => {
    let t = pendingCr ? `\r${text}` : text;
    pendingCr = t.endsWith("\r");
    if (pendingCr) t = t.slice(0, -1);
    parser.write(t.includes("\r") ? t.replace(/\r\n?/g, "\n") : t);
  };
  unpackEntry(data, entry, budget, file, (chunk) => write(decoder.decode(chunk, { stream: true })));
  write(decoder.decode());
  if (pendingCr) parser.write("\n");
  parser.end();
}

/** The text of a part's XML read to a small tree-less form: every element's attributes, in order. */
export function elementsOf(
  data: Uint8Array,
  entry: ZipEntry,
  budget: UnpackBudget,
  file: string,
  names: ReadonlySet<string>,
): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  readXmlPart(data, entry, budget, file, {
    open: (name, attrs) => {
      if (names.has(name)) out.push({ name, attrs });
    },
  });
  return out;
}
