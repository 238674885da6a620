export {
  changeSetting,
  changeTaxonomy,
  loadNewsletter,
  loadNewsletterSettings,
  readSettings,
} from "./settings.ts";
