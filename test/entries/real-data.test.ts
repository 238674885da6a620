import { DIALECTS } from "../helpers/dialects.ts";
import { realSheetCases } from "./real-data.case.ts";

// The real sheet's acceptance checks on SQLite (PostgreSQL: real-data-postgres.test.ts).
realSheetCases(DIALECTS.find((d) => d.name === "sqlite")!);
