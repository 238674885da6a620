export {
  changeSetting,
  changeTaxonomy,
  loadNewsletter,
  loadNewsletterSettings,
  readSettings,
  SETTING_KEYS,
} from "./settings.ts";
