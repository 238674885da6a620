export { parseArxivAtom } from "./arxiv-atom.ts";
export { parseCslJson } from "./csl-json.ts";
export { MetadataFormatError, type PaperMetadata } from "./paper.ts";
