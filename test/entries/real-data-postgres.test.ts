import { DIALECTS } from "../helpers/dialects.ts";
import { realSheetCases } from "./real-data.case.ts";

// The real sheet's acceptance checks on PostgreSQL (SQLite: real-data.test.ts).
realSheetCases(DIALECTS.find((d) => d.name === "postgres")!);
