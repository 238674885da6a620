export { ByteLru } from "./byte-lru.ts";
export { acceptedEncoding, compress, type Encoding, isCompressible, MIN_COMPRESS_BYTES } from "./encoding.ts";
export {
  CACHE_HEADER,
  DEFAULT_PAGE_CACHE_BYTES,
  httpCaching,
  type PageCacheOptions,
  pageKey,
} from "./page-cache.ts";
export {
  answer,
  RECOMPRESS_BYTES,
  type Representation,
  readRepresentation,
  recompressLater,
} from "./representation.ts";
export { bodyEtag, matchesEtag } from "./validators.ts";
