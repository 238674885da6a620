export { changeSetting, changeTaxonomy, readSettings } from "./settings.ts";
