import type { ErrorCode } from "../domain/errors.ts";

/** The one place error codes become HTTP statuses (the CLI's counterpart is cli/errors.ts). */
export function httpStatusFor(
  code: ErrorCode,
): 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504 {
  switch (code) {
    case "not_found":
    case "metadata.not_found":
      return 404;
    case "metadata.unrecognized":
      return 422;
    // The catalogue failed, not the request: a bad gateway, or one that did not answer in time.
    case "metadata.fetch_failed":
    case "metadata.malformed":
    case "metadata.too_large":
    case "source.fetch_failed":
    case "source.too_large":
      return 502;
    case "metadata.timeout":
      return 504;
    case "auth.required":
    case "auth.invalid_credentials":
      return 401;
    case "auth.forbidden":
    case "auth.csrf":
      return 403;
    case "auth.rate_limited":
    case "download.rate_limited":
      return 429;
    case "conflict":
    case "entry.conflict":
    case "review.invalid_transition":
    case "survey.closed":
    case "import.busy":
    case "import.stale_preview":
      return 409;
    case "store.busy":
      // The database was locked by a writer for longer than a request waits: try again shortly
      // (app.tsx adds Retry-After). Never a 500: nothing is wrong, the moment is.
      return 503;
    case "import.unreadable":
    case "import.unknown_format":
    case "import.missing_columns":
    case "import.invalid_value":
    case "import.bad_encoding":
    case "taxonomy.invalid":
    case "survey.invalid":
    case "input.invalid":
    case "source.malformed":
    case "source.bad_encoding":
      return 422;
    case "import.too_large":
      return 413;
    case "input.malformed":
    case "search.invalid_query":
    case "export.unknown_format":
    case "import.fetch_failed":
      return 400;
    case "export.failed":
    case "config.invalid":
    case "config.missing_database":
      return 500;
    case "config.incomplete":
    case "server.busy":
      return 503;
  }
}
