export {
  type CheckStatus,
  type DkimStatus,
  type DnsRecord,
  type DoctorCheck,
  type DoctorEnvironment,
  type DoctorFacts,
  type DoctorReport,
  diagnose,
  doctorFacts,
  emailDomain,
  FREE_MAIL_DOMAINS,
  factsWithoutDatabase,
} from "./doctor.ts";
export {
  changeSetting,
  changeTaxonomy,
  clearSetting,
  loadNewsletter,
  loadNewsletterSettings,
  readSettings,
  SET_POSTAL_ADDRESS_HINT,
  SETTING_KEYS,
} from "./settings.ts";
