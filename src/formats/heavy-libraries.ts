import { createRequire } from "node:module";
import type ExcelJSModule from "exceljs";
import type juiceFunction from "juice";

// exceljs (about 230 ms to load) and juice (about 160 ms) are needed only to read or write an
// xlsx and to inline an email's CSS. Loaded on first use, they cost nothing to the commands,
// pages and test files that never do either. Both are CommonJS, so require() loads them
// synchronously (juice is called from synchronous rendering) and caches them.
const require = createRequire(import.meta.url);

export function excelJs(): typeof ExcelJSModule {
  return require("exceljs");
}

export function juice(): typeof juiceFunction {
  return require("juice");
}
