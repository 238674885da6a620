/**
 * The newsletter's numbers: the weekly subscriber series (subscribers.ts), each send's figures,
 * and the retrospective of what was published (content.ts), as pure functions over rows, with
 * one loader (load.ts) and CSV tables (csv.ts) for the faces.
 */
export {
  type ContentFigures,
  type ContentReference,
  type ContentRow,
  type Count,
  contentFigures,
  type Retrospective,
  retrospective,
  VOLUME_ISSUES,
  volumeOf,
} from "./content.ts";
export { type CsvTable, csvCell, numbersTables, toCsv } from "./csv.ts";
export {
  loadNumbers,
  type Numbers,
  type NumbersOptions,
  publicNumbersBlocks,
  type SendNumbers,
  sendNumbers,
} from "./load.ts";
export {
  type SubscriberFlows,
  type SubscriberSeries,
  type SubscriberTimes,
  type SubscriberWeek,
  subscriberSeries,
} from "./subscribers.ts";
export { isoWeek, weekStart, weeksBetween, weekYear } from "./weeks.ts";
export { countWords, median } from "./words.ts";
