import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Answers written by hand from the documented formats: the arXiv API's Atom feed
 * (info.arxiv.org/help/api/user-manual.html, section 5) and CSL-JSON as doi.org's content
 * negotiation returns it for a Crossref DOI (citation.crosscite.org/docs.html).
 */
export const ARXIV_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list=2301.01234</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2023-01-10T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2301.01234v2</id>
    <updated>2023-02-01T18:00:00Z</updated>
    <published>2023-01-03T18:59:59Z</published>
    <title>Scalable Oversight
      of &amp; Reward   Models</title>
    <summary>  We study things.  </summary>
    <author><name>Ada Lovelace</name></author>
    <author><name>Alan Turing</name><arxiv:affiliation>Manchester</arxiv:affiliation></author>
    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <link href="http://arxiv.org/abs/2301.01234v2" rel="alternate" type="text/html"/>
  </entry>
</feed>
`;

export const ARXIV_OLD_STYLE = ARXIV_FEED.replace("2301.01234v2", "hep-th/9901001v1")
  .replace("2023-01-03T18:59:59Z", "1999-01-04T00:00:00Z")
  .replace(/Scalable Oversight\s+of &amp; Reward\s+Models/, "Strings on a Lattice");

/** What arXiv answers for an id it does not have: an entry titled Error. */
export const ARXIV_ERROR = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_9999.99999</id>
    <title>Error</title>
    <summary>incorrect id format for 9999.99999</summary>
  </entry>
</feed>
`;

export const CSL = JSON.stringify({
  type: "article-journal",
  DOI: "10.1038/nature14236",
  title: "Human-level control through deep reinforcement learning",
  author: [
    { given: "Volodymyr", family: "Mnih", sequence: "first" },
    { given: "Koray", family: "Kavukcuoglu" },
    { literal: "DeepMind Team" },
  ],
  "container-title": "Nature",
  publisher: "Springer Science and Business Media LLC",
  issued: { "date-parts": [[2015, 2, 25]] },
});

export interface Route {
  status?: number;
  type?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Never answers (a timeout). */
  hang?: boolean;
}

export interface FakeCatalogue {
  url: string;
  /** Requests seen: path and the headers that matter. */
  seen: { path: string; accept: string; userAgent: string }[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 answering `routes[path]` (path with query), 404 otherwise. */
export async function fakeCatalogue(routes: Record<string, Route>): Promise<FakeCatalogue> {
  const seen: FakeCatalogue["seen"] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({
      path: req.url ?? "",
      accept: String(req.headers.accept ?? ""),
      userAgent: String(req.headers["user-agent"] ?? ""),
    });
    const route = routes[req.url ?? ""];
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    if (route.hang) return;
    res.writeHead(route.status ?? 200, { "content-type": route.type ?? "text/plain", ...route.headers });
    res.end(route.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
