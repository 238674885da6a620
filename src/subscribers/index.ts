/** Subscribers: who gets the newsletter. For now, the public form's pending addresses. */
export { requestSubscription, type SubscribeRequest, validateSubscription } from "./subscribe.ts";
