import { DomHandler, DomUtils, Parser, type parseDocument } from "htmlparser2";
import { lineAt, sourceError } from "./errors.ts";

export type XmlDocument = ReturnType<typeof parseDocument>;
export type XmlNode = XmlDocument["children"][number];
export type XmlElement = Extract<XmlNode, { name: string; attribs: Record<string, string> }>;

/**
 * Parses a feed's XML into a tree, refusing what htmlparser2 alone would accept: it reads
 * leniently and closes what was left open, so a feed cut short, or one with a tag never closed,
 * would yield a (wrong) tree. Here an element closed only by the end of the text, or a second
 * root element, or text outside the root, is an error with its line.
 */
export function parseXml(text: string, source: string): XmlDocument {
  if (/^\s*(<!--[\s\S]*?-->\s*)*(<!doctype\s+html|<html[\s>])/i.test(text))
    throw sourceError("source.malformed", source, "the server answered an HTML page, not a feed");
  if (!/^\s*</.test(text))
    throw sourceError("source.malformed", source, "not XML (the text does not begin with a tag)", {
      line: 1,
    });
  let problem: { message: string; index: number } | null = null;
  const stack: string[] = [];
  let roots = 0;
  const note = (message: string, index: number) => {
    problem ??= { message, index };
  };
  let parser: Parser;
  // htmlparser2's own DOM builder, told also what this check needs to know.
  class CheckedHandler extends DomHandler {
    override onopentag(name: string, attribs: Record<string, string>): void {
      if (stack.length === 0 && ++roots > 1) note(`a second root element <${name}>`, parser.startIndex);
      stack.push(name);
      super.onopentag(name, attribs);
    }
    override onclosetag(name?: string, isImplied?: boolean): void {
      // htmlparser2 calls a self-closing tag's close "implied" too: tell it by its text.
      const tag = text.slice(parser.startIndex, parser.endIndex + 1);
      const selfClosing = tag.startsWith(`<${name}`) && tag.endsWith("/>");
      if (isImplied && !selfClosing) note(`<${stack.at(-1) ?? name}> is never closed`, parser.startIndex);
      stack.pop();
      super.onclosetag();
    }
    override ontext(data: string): void {
      if (stack.length === 0 && data.trim()) note("text outside the root element", parser.startIndex);
      super.ontext(data);
    }
  }
  const handler = new CheckedHandler(undefined, { xmlMode: true });
  parser = new Parser(handler, { xmlMode: true, decodeEntities: true });
  parser.end(text);
  if (problem) {
    const { message, index } = problem as { message: string; index: number };
    throw sourceError("source.malformed", source, `malformed XML: ${message}`, { line: lineAt(text, index) });
  }
  if (roots === 0) throw sourceError("source.malformed", source, "no XML element in the answer");
  return handler.root;
}

/** The document's root element. */
export function rootOf(doc: XmlDocument): XmlElement {
  const root = doc.children.find((n): n is XmlElement => "name" in n && "attribs" in n);
  if (!root) throw new Error("parseXml returned a document without a root");
  return root;
}

/** Child elements of `parent` named `name` (with its prefix: "dc:creator"). */
export function childrenNamed(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((n): n is XmlElement => "name" in n && (n as XmlElement).name === name);
}

export function childNamed(parent: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const found = childrenNamed(parent, name)[0];
    if (found) return found;
  }
  return undefined;
}

/** The text inside the first child named one of `names` (in order), or "". */
export function childText(parent: XmlElement, ...names: string[]): string {
  const el = childNamed(parent, ...names);
  return el ? DomUtils.textContent(el) : "";
}

/** The line on which an element starts (for errors about one item of a feed). */
export function lineOf(text: string, el: XmlElement): number | undefined {
  return el.startIndex === null ? undefined : lineAt(text, el.startIndex);
}
