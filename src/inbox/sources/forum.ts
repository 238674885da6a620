import type { IncomingCandidate } from "../candidate.ts";
import { sourceError } from "./errors.ts";
import { dayOf, httpUrl, plainText } from "./text.ts";

/**
 * The newest posts of a ForumMagnum site (the Alignment Forum, LessWrong) from its GraphQL API
 * (POST /graphql): the `posts` multi-resolver takes `input: {terms}`, where the "new" view
 * sorts by postedAt, newest first, and `after` / `before` bound postedAt. Only the fields the
 * inbox needs are asked for.
 */
export const FORUM_POSTS_QUERY = `query SummaInboxPosts($input: MultiPostInput) {
  posts(input: $input) {
    results {
      _id
      title
      slug
      pageUrl
      postedAt
      url
      user { displayName }
      coauthors { displayName }
      contents { plaintextDescription }
    }
  }
}`;

export interface ForumTerms {
  limit: number;
  /** Only posts after this time (ISO 8601): the newest one seen last time. */
  after?: string;
  /** Only posts before this time: the oldest one of the previous page. */
  before?: string;
}

/** The request body for one page. */
export function forumPostsRequest(terms: ForumTerms): string {
  return JSON.stringify({
    query: FORUM_POSTS_QUERY,
    variables: { input: { terms: { view: "new", ...terms } } },
  });
}

export interface ForumPost {
  candidate: IncomingCandidate;
  /** The post's postedAt as the API gave it (ISO 8601), the pagination cursor. */
  postedAt: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * One page of posts. A GraphQL answer may carry `errors` with or without data: errors are the
 * server's refusal (source.fetch_failed); an answer that is not JSON or lacks
 * `data.posts.results` is malformed. `venue` is the forum's name ("AI Alignment Forum").
 */
export function parseForumPosts(json: string, source: string, venue: string): ForumPost[] {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch (err) {
    const snippet = /^\s*</.test(json) ? " (it looks like HTML)" : "";
    throw sourceError(
      "source.malformed",
      source,
      `the GraphQL answer is not JSON${snippet}: ${(err as Error).message}`,
    );
  }
  if (!isObject(body)) throw sourceError("source.malformed", source, "the GraphQL answer is not an object");
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (errors.length)
    throw sourceError(
      "source.fetch_failed",
      source,
      `the forum refused the query: ${errors.map((e) => plainText(str(isObject(e) ? e.message : e))).join("; ")}`,
    );
  const posts = isObject(body.data) ? body.data.posts : undefined;
  const results = isObject(posts) ? posts.results : undefined;
  if (!Array.isArray(results))
    throw sourceError("source.malformed", source, "the answer has no data.posts.results");
  return results.map((post, i) => {
    const where = { item: i + 1 };
    if (!isObject(post)) throw sourceError("source.malformed", source, "a post that is not an object", where);
    const id = str(post._id);
    const postedAt = str(post.postedAt);
    const title = plainText(str(post.title));
    if (!id || !title || !dayOf(postedAt))
      throw sourceError(
        "source.malformed",
        source,
        `a post without an _id, a title or a postedAt date (${id || "no _id"})`,
        where,
      );
    const names = [post.user, ...(Array.isArray(post.coauthors) ? post.coauthors : [])]
      .map((u) => plainText(str(isObject(u) ? u.displayName : "")))
      .filter(Boolean);
    const contents = isObject(post.contents) ? post.contents : {};
    return {
      postedAt,
      candidate: {
        title,
        abstract: plainText(str(contents.plaintextDescription)),
        authors: names,
        venue,
        itemType: "blogPost",
        url: httpUrl(str(post.pageUrl)),
        published: dayOf(postedAt),
        tags: [],
        externalId: id,
        hatTip: null,
      },
    };
  });
}
