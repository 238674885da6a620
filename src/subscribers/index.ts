/**
 * Subscribers: who gets the newsletter, and how they join, confirm, change their mind and leave.
 * "active" means send; "pending", "paused", "unsubscribed" and "suppressed" mean don't.
 */
export { isBlockedAddress, parseBlockedDomains } from "../domain/blocklist.ts";
export { subscriptionEmail } from "../formats/render/subscription-email.ts";
export { EXPORT_COLUMNS, parseStatus, statusFromFileName } from "../formats/subscribers-csv.ts";
export { buildSignupEmail, EMAIL_INTERVAL_MS, type SignupOutcome } from "./confirmation.ts";
export {
  addSubscriberOnDesk,
  browseSubscribers,
  HISTORY_LIMIT,
  parseSubscriberFilter,
  SUBSCRIBERS_PER_PAGE,
  type SubscriberHistory,
  type SubscriberPage,
  setSubscriberTester,
  subscriberHistory,
} from "./desk.ts";
export { importSubscribers, type SubscriberImportReport } from "./import.ts";
export {
  CONFIRM_LINK_TTL_MS,
  type LinkClaims,
  type LinkPurpose,
  linkSecret,
  readVarint,
  signLink,
  type VerifiedLink,
  verifyLink,
  writeVarint,
} from "./links.ts";
export {
  type ActionResult,
  type ConfirmOutcome,
  changePreferences,
  confirmSubscription,
  type LinkedSubscriber,
  type PreferenceAction,
  subscriberForLink,
  type UnsubscribeSource,
  unsubscribe,
  unsubscribeSubscriber,
} from "./manage.ts";
export {
  type AddSubscriberInput,
  addSubscriber,
  eachSubscriber,
  exportSubscribers,
  SUBSCRIBER_STATUSES,
  subscriberCounts,
  subscriberCsvLines,
} from "./operator.ts";
export {
  confirmUrl,
  type LinkConfig,
  type LinkSubscriber,
  loadLinkConfig,
  loadPageLinkConfig,
  type SubscriberLinks,
  subscriberLinks,
  unsubscribeAddressFrom,
} from "./personal-links.ts";
export {
  type SignupMailer,
  type SignupMailerOptions,
  type SignupMailerPass,
  sendDueSignupEmails,
  startSignupMailer,
} from "./signup-mailer.ts";
export {
  requestSubscription,
  SIGNUP_LIMIT,
  type SubscribeContext,
  type SubscribeRequest,
  validateSubscription,
} from "./subscribe.ts";
export {
  changeTesters,
  getsTestCopies,
  listTesters,
  MAX_TESTER_CHANGE,
  TEST_COPY_STATUSES,
  type TesterChange,
} from "./testers.ts";
export { receiveUnsubscribeMail, type UnsubscribeMailOutcome } from "./unsubscribe-mail.ts";
export {
  buildWelcomeEmail,
  loadWelcomeTemplate,
  MAX_WELCOME_BODY,
  MAX_WELCOME_SUBJECT,
  queueWelcomeEmail,
  saveWelcomeTemplate,
  type WelcomeTemplate,
} from "./welcome.ts";
