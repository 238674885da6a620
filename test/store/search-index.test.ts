import { DIALECTS } from "../helpers/dialects.ts";
import { searchIndexCases } from "./search-index.case.ts";

for (const dialect of DIALECTS) searchIndexCases(dialect);
