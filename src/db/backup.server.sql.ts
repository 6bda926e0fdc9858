// The catalogue questions a server backup and restore ask. "Own objects" are what the database holds
// in schema public apart from extension members (PostGIS's spatial_ref_sys, functions and types): the
// things a restore with --force replaces, and whose presence makes a restore without it refuse.
import type pg from 'pg';

export interface ServerFacts {
  major: number;
  version: string;
  migrations: string[];
}

export async function serverFacts(c: pg.Client): Promise<ServerFacts> {
  const v = await c.query<{ num: string; version: string; mig: string | null }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version,
            to_regclass('public."_prisma_migrations"')::text AS mig`,
  );
  const row = v.rows[0];
  const migrations = row.mig
    ? (await c.query<{ migration_name: string }>(
      `SELECT migration_name FROM public."_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    )).rows.map((r) => r.migration_name)
    : [];
  return { major: Math.floor(Number(row.num) / 10000), version: row.version.split(' ')[0], migrations };
}

export interface OwnObject {
  /** The word after DROP. */
  kind: string;
  /** Qualified and quoted, ready for a DROP statement. */
  name: string;
}

// Sequences owned by a column go with their table (dropping them alone is refused); row types of
// tables likewise. Tables come first so CASCADE takes their dependants before those are named.
const OWN_OBJECTS = `
SELECT kind, name FROM (
  SELECT 1 AS ord,
         CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                        WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind,
         format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
  UNION ALL
  SELECT 2, CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
         format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 3, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, format('%I.%I', n.nspname, t.typname)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = 'public'
     AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
) o ORDER BY ord, name`;

export async function ownObjects(c: pg.Client): Promise<OwnObject[]> {
  return (await c.query<OwnObject>(OWN_OBJECTS)).rows;
}
