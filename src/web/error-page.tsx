import type { Site } from "./env.ts";
import { Page } from "./layout.tsx";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  401: "Please log in",
  403: "Not allowed",
  404: "Page not found",
  409: "Already there",
  413: "That file is too large",
  422: "Please check what you entered",
  429: "Too many attempts",
  500: "Something went wrong",
  503: "Busy right now",
};

export function ErrorPage({ site, status, message }: { site: Site; status: number; message: string }) {
  const title = TITLES[status] ?? "Something went wrong";
  return (
    <Page site={site} title={title}>
      <section class="reading error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Home</a> · <a href="/issues">Archive</a> · <a href="/database">Search the database</a>
        </p>
      </section>
    </Page>
  );
}
