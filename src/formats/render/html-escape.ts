import { isSafeLink } from "../../domain/url-rule.ts";

/** Escapes text for HTML element content and attribute values (quotes included). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
}

/** An href only for http(s) and mailto (the URL rule); anything else (javascript:, data:) becomes no link. */
export function safeHref(url: string): string | null {
  const u = url.trim();
  return isSafeLink(u) ? u : null;
}
