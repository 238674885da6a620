import type { ColumnType, Generated } from "kysely";

/** Table types: the only description of the database's shape, shared by both dialects. */
export interface SectionTable {
  id: Generated<number>;
  name: string;
  position: number;
}

export interface CategoryTable {
  id: Generated<number>;
  section_id: number;
  name: string;
  /** Lowercased, whitespace-collapsed name: entries match categories case-insensitively. */
  name_key: string;
  position: number;
}

export interface PersonTable {
  id: Generated<number>;
  name: string;
  full_name: string;
  email: string;
  role: "summarizer" | "editor";
}

export interface IssueTable {
  number: number;
  url: string;
  /** ISO date (YYYY-MM-DD) when known. */
  date: string | null;
  subject: string;
  intro: ColumnType<string, string | undefined, string>;
}

export interface EntryTable {
  id: Generated<number>;
  title_key: string;
  issue_label: string;
  sheet_row: number | null;
  category: string;
  /** 0 or 1 on both dialects, so rows read the same everywhere. */
  highlight: number;
  title: string;
  url: string;
  url_key: string | null;
  /** The sheet's spelling ("A*, B"), which round-trips exactly to the author list. */
  authors: string;
  venue: string;
  venue_url: string;
  year: number | null;
  hat_tip: string;
  issue_number: number | null;
  issue_url: string;
  /** The sheet's spelling ("Rohin/Robert"); entry_summarizers holds the people. */
  summarizer: string;
  summary: string;
  opinion: string;
  prerequisites: string;
  prerequisites_url: string;
  read_more: string;
  read_more_url: string;
  /** The editor's order inside the entry's subsection of its issue (null: sheet order). */
  issue_position: ColumnType<number | null, number | null | undefined, number | null>;
  /** Overrides "First Author et al" in issues. */
  authors_display: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<string, string | undefined, string>;
  updated_at: ColumnType<string, string | undefined, string>;
}

export interface EntrySummarizerTable {
  entry_id: number;
  person_id: number;
  position: number;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  sections: SectionTable;
  categories: CategoryTable;
  people: PersonTable;
  issues: IssueTable;
  entries: EntryTable;
  entry_summarizers: EntrySummarizerTable;
  settings: SettingTable;
}
