/**
 * Engagement, off by default: click redirects (`/r/TOKEN`, only to the issue's own links) and
 * an open pixel (`/o/TOKEN.gif`, unreliable), each turned on by a setting (tracking.clicks,
 * tracking.opens). Totals per send, issue, entry and link; per-reader rows dropped after 30
 * days unless tracking.keep_subscriber_rows. The web archive never tracks.
 */
export {
  type EngagementFigures,
  engagementFigures,
  type IssueClicks,
  issueClicks,
  loadSendEngagement,
  OPENS_CAVEAT,
} from "./figures.ts";
export { prepareSendTracking } from "./prepare.ts";
export { pruneEngagement, SUBSCRIBER_ROWS_DAYS } from "./prune.ts";
export { countOpen, followClick } from "./record.ts";
export { readerTracking, signTracking, type TrackingClaims, verifyTracking } from "./tokens.ts";
