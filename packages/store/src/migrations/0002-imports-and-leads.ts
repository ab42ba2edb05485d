// Imports and leads made real: lead identity keys and profile fields, import source hashes and
// results, which leads each import touched, the status history, and the lead search index (the one
// part written per dialect: FTS5 on SQLite, a weighted tsvector with a GIN index on PostgreSQL).
import { sql, type Kysely, type Migration } from "kysely";

const LEAD_TEXT_COLUMNS = [
  "email_key",
  "linkedin_key",
  "sales_nav_id",
  "custom_id",
  "location",
  "description",
  "phone",
  "timezone",
  "avatar_url",
  "company_website",
  "company_logo_url",
  "company_linkedin_url",
  "company_headline",
  "personal_website",
  "company_industry",
  "company_size",
  "last_interaction_at",
] as const;

async function extendLeads(db: Kysely<unknown>): Promise<void> {
  for (const column of LEAD_TEXT_COLUMNS) await db.schema.alterTable("leads").addColumn(column, "text").execute();
  await db.schema.alterTable("leads").addColumn("score", "double precision").execute();
  await db.schema
    .alterTable("leads")
    .addColumn("experience_json", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .alterTable("leads")
    .addColumn("education_json", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .alterTable("leads")
    .addColumn("do_not_contact", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // NULLs never collide in a unique index (SQLite and PostgreSQL alike), so a lead without an
  // email takes no slot; two leads with the same key in one workspace cannot exist.
  for (const key of ["email_key", "linkedin_key", "sales_nav_id", "custom_id"]) {
    await db.schema.createIndex(`leads_${key}`).on("leads").columns(["workspace_id", key]).unique().execute();
  }
  await db.schema.createIndex("leads_score").on("leads").columns(["workspace_id", "score"]).execute();
  await db.schema.createIndex("leads_full_name").on("leads").columns(["workspace_id", "full_name"]).execute();
}

async function extendImports(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("imports").addColumn("source_hash", "text").execute();
  for (const column of ["row_count", "added_count", "lead_count"]) {
    await db.schema
      .alterTable("imports")
      .addColumn(column, "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await db.schema
    .alterTable("imports")
    .addColumn("problems_json", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema.alterTable("imports").addColumn("columns_json", "text").execute();
  // The guard behind already_exists, also across processes and replicas.
  await db.schema.createIndex("imports_source").on("imports").columns(["mission_id", "source_hash"]).unique().execute();
  await db.schema.createIndex("imports_workspace_id").on("imports").columns(["workspace_id", "id"]).execute();
}

async function createLinkTables(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("mission_leads_status").on("mission_leads").columns(["mission_id", "status"]).execute();
  await db.schema
    .createTable("import_leads")
    .addColumn("import_id", "text", (c) => c.notNull().references("imports.id"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("outcome", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("import_leads_pk", ["import_id", "lead_id"])
    .execute();
  await db.schema.createIndex("import_leads_lead_id").on("import_leads").column("lead_id").execute();
  await db.schema
    .createTable("lead_status_history")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("mission_id", "text", (c) => c.notNull().references("missions.id"))
    .addColumn("from_status", "text", (c) => c.notNull())
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("changed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("lead_status_history_lead_id").on("lead_status_history").columns(["lead_id", "id"]).execute();
}

/**
 * SQLite: an FTS5 index over the searchable lead columns, kept in sync by triggers.
 * lead_search_docs gives each lead a stable integer document id (a text-keyed table's implicit
 * rowid may change on VACUUM). LeadSearchRepository is the only reader.
 */
async function createSqliteSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`create table lead_search_docs (doc_id integer primary key, lead_id text not null unique references leads(id))`.execute(db);
  await sql`create virtual table leads_fts using fts5(
    full_name, first_name, last_name, company, job_title, headline,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`.execute(db);
  await sql`create trigger leads_search_insert after insert on leads begin
    insert into lead_search_docs (lead_id) values (new.id);
    insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline)
      values (last_insert_rowid(), new.full_name, new.first_name, new.last_name, new.company, new.job_title, new.headline);
  end`.execute(db);
  await sql`create trigger leads_search_update after update of full_name, first_name, last_name, company, job_title, headline on leads begin
    update leads_fts set full_name = new.full_name, first_name = new.first_name, last_name = new.last_name,
      company = new.company, job_title = new.job_title, headline = new.headline
      where rowid = (select doc_id from lead_search_docs where lead_id = new.id);
  end`.execute(db);
  await sql`create trigger leads_search_delete after delete on leads begin
    delete from leads_fts where rowid = (select doc_id from lead_search_docs where lead_id = old.id);
    delete from lead_search_docs where lead_id = old.id;
  end`.execute(db);
  // Leads written before this migration (the table existed as a placeholder) join the index too.
  await sql`insert into lead_search_docs (lead_id) select id from leads order by id`.execute(db);
  await sql`insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline)
    select d.doc_id, l.full_name, l.first_name, l.last_name, l.company, l.job_title, l.headline
    from lead_search_docs d join leads l on l.id = d.lead_id`.execute(db);
}

/**
 * PostgreSQL: a generated tsvector, each word weighted by where it comes from (A first name,
 * B last name, C name, company, job title and headline) so one GIN index serves every text filter.
 * (`||` rather than concat_ws: a generated column needs an immutable expression.)
 */
async function createPostgresSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`alter table leads add column search_vector tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(first_name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(last_name, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(full_name, '') || ' ' || coalesce(company, '') || ' ' || coalesce(job_title, '') || ' '
      || coalesce(headline, '')), 'C')
  ) stored`.execute(db);
  await sql`create index leads_search on leads using gin (search_vector)`.execute(db);
}

export function importsAndLeads(dialect: "sqlite" | "postgres"): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await extendLeads(db);
      await extendImports(db);
      await createLinkTables(db);
      if (dialect === "sqlite") await createSqliteSearchIndex(db);
      else await createPostgresSearchIndex(db);
    },
  };
}
