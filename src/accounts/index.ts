/** The desk roles, least to most powerful. */
export { USER_ROLES } from "../store/index.ts";
export * from "./login.ts";
export { MAX_PASSWORD_LENGTH, type PasswordContext, passwordProblem } from "./password-policy.ts";
export { MIN_PASSWORD_LENGTH, PASSWORD_COST, type PasswordCost } from "./passwords.ts";
export { can, type Permission } from "./roles.ts";
export * from "./sessions.ts";
export * from "./team.ts";
export * from "./users.ts";
