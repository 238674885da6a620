/** Paper metadata from outside catalogues (arXiv, DOIs), for the entry editor and the inbox. */
export type { PaperMetadata } from "../formats/metadata/index.ts";
export {
  DEFAULT_ARXIV_API_URL,
  DEFAULT_DOI_RESOLVER_URL,
  type MetadataClient,
  type MetadataClientOptions,
  metadataClient,
} from "./client.ts";
export { type PaperId, paperIdOf } from "./identifier.ts";
export { isPrivateAddress, readBodyLimited, refusedAddress } from "./safe-fetch.ts";
