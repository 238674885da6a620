/**
 * Source answers written by hand from the documented formats: arXiv's API user manual (Atom
 * with opensearch and arxiv namespaces), arXiv's RSS specification (announce_type), RSS 2.0,
 * Atom 1.0 (RFC 4287), the ForumMagnum GraphQL `posts` results, BibTeX, RIS, and a page's
 * Highwire citation_* and Open Graph tags. Invented papers; real shapes.
 */

export interface ArxivEntry {
  id: string;
  version?: number;
  title: string;
  summary: string;
  authors: string[];
  published: string;
  primary: string;
}

export function arxivEntry(e: ArxivEntry): string {
  return `  <entry>
    <id>http://arxiv.org/abs/${e.id}v${e.version ?? 1}</id>
    <updated>${e.published}</updated>
    <published>${e.published}</published>
    <title>${e.title}</title>
    <summary>  ${e.summary}
</summary>
${e.authors.map((a) => `    <author>\n      <name>${a}</name>\n    </author>`).join("\n")}
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages</arxiv:comment>
    <link href="http://arxiv.org/abs/${e.id}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${e.id}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="${e.primary}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="${e.primary}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;
}

export function arxivFeed(entries: ArxivEntry[], total: number, start: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dall%3Aalignment" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=all:alignment&amp;id_list=&amp;start=${start}&amp;max_results=2</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-01-05T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">2</opensearch:itemsPerPage>
${entries.map(arxivEntry).join("\n")}
</feed>
`;
}

export const ARXIV_ENTRIES: ArxivEntry[] = [
  {
    id: "2401.00004",
    version: 2,
    title: "Scalable Oversight by\n  Debate, Revisited",
    summary: "We revisit debate &amp; find it works.",
    authors: ["Ada Lovelace", "Alan Turing"],
    published: "2024-01-04T18:00:00Z",
    primary: "cs.AI",
  },
  {
    id: "2401.00003",
    title: "Reward Hacking in the Wild",
    summary: "Agents hack rewards.",
    authors: ["Grace Hopper"],
    published: "2024-01-03T18:00:00Z",
    primary: "cs.LG",
  },
  {
    id: "2401.00002",
    title: "Interpretability at Scale",
    summary: "Circuits everywhere.",
    authors: ["Claude Shannon"],
    published: "2024-01-02T18:00:00Z",
    primary: "cs.LG",
  },
  {
    id: "2401.00001",
    title: "An Older Paper",
    summary: "Seen before.",
    authors: ["John von Neumann"],
    published: "2024-01-01T18:00:00Z",
    primary: "cs.AI",
  },
];

export const ARXIV_ERROR = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=10</title>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
  </entry>
</feed>
`;

export const ARXIV_LISTING = `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>cs.AI updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.AI</link>
    <description>cs.AI updates on the arXiv.org e-print archive.</description>
    <atom:link href="https://rss.arxiv.org/rss/cs.AI" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>Fri, 05 Jan 2024 00:00:00 -0500</lastBuildDate>
    <item>
      <title>Corrigibility Without Tears</title>
      <link>https://arxiv.org/abs/2401.01001</link>
      <description>arXiv:2401.01001v1 Announce Type: new 
Abstract: We make agents &lt;b&gt;corrigible&lt;/b&gt;.</description>
      <guid isPermaLink="false">oai:arXiv.org:2401.01001v1</guid>
      <category>cs.AI</category>
      <pubDate>Fri, 05 Jan 2024 00:00:00 -0500</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>Ada Lovelace, Alan Turing</dc:creator>
    </item>
    <item>
      <title>Cross-listed: Goal Misgeneralization</title>
      <link>https://arxiv.org/abs/2401.01002</link>
      <description>arXiv:2401.01002v1 Announce Type: cross 
Abstract: Goals misgeneralize.</description>
      <guid isPermaLink="false">oai:arXiv.org:2401.01002v1</guid>
      <category>cs.LG</category>
      <pubDate>Fri, 05 Jan 2024 00:00:00 -0500</pubDate>
      <arxiv:announce_type>cross</arxiv:announce_type>
      <dc:creator>Grace Hopper</dc:creator>
    </item>
    <item>
      <title>A Replaced Paper</title>
      <link>https://arxiv.org/abs/2312.09999</link>
      <description>arXiv:2312.09999v3 Announce Type: replace 
Abstract: Version three.</description>
      <guid isPermaLink="false">oai:arXiv.org:2312.09999v3</guid>
      <category>cs.AI</category>
      <pubDate>Fri, 05 Jan 2024 00:00:00 -0500</pubDate>
      <arxiv:announce_type>replace</arxiv:announce_type>
      <dc:creator>Claude Shannon</dc:creator>
    </item>
  </channel>
</rss>
`;

/** An Alignment Forum / LessWrong style feed.xml (RSS 2.0 with dc:creator and HTML descriptions). */
export const RSS_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title><![CDATA[AI Alignment Forum]]></title>
    <description><![CDATA[A community blog devoted to technical AI alignment research]]></description>
    <link>https://www.alignmentforum.org</link>
    <item>
      <title><![CDATA[<script>alert("x")</script>Why Not Just Outsource Alignment?]]></title>
      <description><![CDATA[<p>Published on January 4, 2024 3:00 PM GMT</p><p>Here is <a href="https://x.org">a link</a> and <script>evil()</script>text.</p>]]></description>
      <link>https://www.alignmentforum.org/posts/abc123/why-not-just</link>
      <guid isPermaLink="false">abc123</guid>
      <dc:creator><![CDATA[johnswentworth]]></dc:creator>
      <pubDate>Thu, 04 Jan 2024 15:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Shard Theory &amp; You</title>
      <description>&lt;p&gt;Shards.&lt;/p&gt;</description>
      <link>https://www.alignmentforum.org/posts/def456/shard-theory</link>
      <guid isPermaLink="false">def456</guid>
      <dc:creator>TurnTrout</dc:creator>
      <pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate>
      <category>Shard Theory</category>
    </item>
  </channel>
</rss>
`;

/** A Substack-style Atom 1.0 feed (RFC 4287), with an html title and xhtml content. */
export const ATOM_FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Alignment Blog</title>
  <link href="https://blog.example.org/"/>
  <updated>2024-01-05T12:00:00Z</updated>
  <author><name>Blog Owner</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title type="html">Inner &lt;em&gt;Alignment&lt;/em&gt; Notes</title>
    <link rel="alternate" href="/p/inner-alignment-notes"/>
    <id>tag:blog.example.org,2024:post-1</id>
    <published>2024-01-05T09:30:00-08:00</published>
    <updated>2024-01-05T12:00:00Z</updated>
    <author><name>Evan H</name></author>
    <author><name>Co Author</name></author>
    <summary>Notes on mesa-optimizers.</summary>
    <category term="alignment" label="Alignment"/>
  </entry>
  <entry>
    <title>No Author Here</title>
    <link href="https://blog.example.org/p/two"/>
    <id>tag:blog.example.org,2024:post-2</id>
    <updated>2024-01-04T12:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <b>text</b>.</p></div></content>
  </entry>
</feed>
`;

export interface ForumPostFixture {
  _id: string;
  title: string;
  postedAt: string;
  author: string;
  coauthors?: string[];
}

/** A ForumMagnum GraphQL answer to the posts query. */
export function forumAnswer(posts: ForumPostFixture[]): string {
  return JSON.stringify({
    data: {
      posts: {
        results: posts.map((p) => ({
          _id: p._id,
          title: p.title,
          slug: p.title.toLowerCase().replace(/\W+/g, "-"),
          pageUrl: `https://www.alignmentforum.org/posts/${p._id}/${p.title.toLowerCase().replace(/\W+/g, "-")}`,
          postedAt: p.postedAt,
          url: null,
          user: { displayName: p.author },
          coauthors: (p.coauthors ?? []).map((displayName) => ({ displayName })),
          contents: { plaintextDescription: `About ${p.title}.` },
        })),
      },
    },
  });
}

export const FORUM_POSTS: ForumPostFixture[] = [
  { _id: "p5", title: "Post Five", postedAt: "2024-01-05T10:00:00.000Z", author: "Ada", coauthors: ["Bea"] },
  { _id: "p4", title: "Post Four", postedAt: "2024-01-04T10:00:00.000Z", author: "Cy" },
  { _id: "p3", title: "Post Three", postedAt: "2024-01-03T10:00:00.000Z", author: "Di" },
  { _id: "p2", title: "Post Two", postedAt: "2024-01-02T10:00:00.000Z", author: "Ed" },
  { _id: "p1", title: "Post One", postedAt: "2024-01-01T10:00:00.000Z", author: "Fi" },
];

export const BIBTEX = `% exported by hand
@string{neurips = "Advances in Neural Information Processing Systems"}

@inproceedings{christiano2017deep,
  title     = {Deep Reinforcement Learning from Human Preferences},
  author    = {Christiano, Paul F. and Leike, Jan and Brown, Tom B. and {OpenAI Team}},
  booktitle = neurips # " 30",
  date      = {2017-06-12},
  eprint    = {1706.03741},
  archivePrefix = {arXiv},
  abstract  = {For sophisticated {RL} systems to interact usefully with real-world environments},
  keywords  = {RLHF, preferences},
}

@article{godel1931,
  title = "{\\"U}ber formal unentscheidbare S{\\"a}tze",
  author = "G{\\"o}del, Kurt",
  journal = {Monatshefte f{\\"u}r Mathematik},
  year = 1931,
  doi = {10.1007/BF01700692}
}
`;

export const RIS = `TY  - JOUR
TI  - Concrete Problems in AI Safety
AU  - Amodei, Dario
AU  - Olah, Chris
PY  - 2016/06/21/
T2  - arXiv:1606.06565 [cs]
UR  - http://arxiv.org/abs/1606.06565
AB  - Rapid progress in machine learning
      and artificial intelligence.
KW  - Computer Science - Artificial Intelligence
ER  - 

TY  - BLOG
TI  - Risks from Learned Optimization
AU  - Hubinger, Evan
DA  - 2019/06/05/
UR  - https://www.alignmentforum.org/posts/FkgsxrGf3QxhfLWHG
ER  -
`;

export const PAGE = `<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Site title | Ignored</title>
<meta name="citation_title" content="Consistency of Inverse Reward Design &lt;img src=x onerror=alert(1)&gt;">
<meta name="citation_author" content="Hadfield-Menell, Dylan">
<meta name="citation_author" content="Russell, Stuart">
<meta name="citation_publication_date" content="2017/11/04">
<meta name="citation_conference_title" content="Advances in Neural Information Processing Systems">
<meta name="citation_abstract" content="Autonomous agents optimize the reward function we give them.">
<meta property="og:title" content="OG title">
<meta property="og:site_name" content="Proceedings">
<link rel="canonical" href="/paper/ird">
</head><body><h1>IRD</h1></body></html>
`;

export const OG_PAGE = `<!doctype html><html><head>
<title>Fallback</title>
<meta property="og:title" content="A Substack Post">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Some Newsletter">
<meta property="og:description" content="What we learned.">
<meta property="article:published_time" content="2024-02-03T08:00:00+00:00">
<meta name="author" content="Jane Doe">
</head><body></body></html>`;
