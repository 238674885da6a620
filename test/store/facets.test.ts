import { DIALECTS } from "../helpers/dialects.ts";
import { facetCases } from "./facets.case.ts";

for (const dialect of DIALECTS) facetCases(dialect);
