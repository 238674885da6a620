export {
  changeSetting,
  changeTaxonomy,
  clearSetting,
  loadNewsletter,
  loadNewsletterSettings,
  readSettings,
  SETTING_KEYS,
} from "./settings.ts";
