import type { Context, MiddlewareHandler } from "hono";
import { authenticateToken, type StaffUser } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";

/** How a 401 tells a client which credentials to send (RFC 6750). */
export const WWW_AUTHENTICATE = 'Bearer realm="summa-api"';

/**
 * The user behind `Authorization: Bearer <token>` (tokens come from `summa token add`).
 * The API takes no cookies, so a page on another site cannot write through a reader's
 * browser: there is nothing ambient to forge, and no CSRF token is needed.
 */
export async function bearerUser(c: Context<AppEnv>): Promise<StaffUser> {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  if (!match)
    throw new SummaError(
      "auth.required",
      header
        ? "The Authorization header must be `Bearer <token>`"
        : "This endpoint needs an API token: send Authorization: Bearer <token> (see `summa token add`)",
    );
  return authenticateToken(c.var.store, match[1]!);
}

/**
 * CORS for the read-only public endpoints: any origin may read published data. Write
 * endpoints never get the header, so browsers on other sites cannot read their answers.
 */
export const publicRead: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD") c.header("Access-Control-Allow-Origin", "*");
};
