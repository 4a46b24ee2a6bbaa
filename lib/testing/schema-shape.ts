// The shape of a migrated database — tables, columns (kind of type,
// nullability), primary keys and indexes — read the same way from SQLite and
// PostgreSQL, so the two dialects' migrations can be compared.
import Database from "better-sqlite3";
import pg from "pg";

/** A column's type as the application sees it; each dialect spells it its own way. */
export type TypeKind = "text" | "integer" | "bigint" | "float" | "decimal" | "datetime" | "boolean" | "bytes" | "json";

export interface ColumnShape {
  kind: TypeKind | `unknown: ${string}`;
  nullable: boolean;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** Column lists ("a, b") of unique indexes, sorted. */
  unique: string[];
  /** Column lists of the other indexes, sorted. */
  indexes: string[];
}

export type SchemaShape = Record<string, TableShape>;

/** Bookkeeping, not the data model. */
const IGNORED = new Set(["_prisma_migrations", "sqlite_sequence"]);

const SQLITE_KINDS: [RegExp, TypeKind][] = [
  [/^BIGINT/, "bigint"],
  [/INT/, "integer"],
  [/^(TEXT|VARCHAR|CHAR|CLOB)/, "text"],
  [/^(REAL|DOUBLE|FLOAT)/, "float"],
  [/^(DECIMAL|NUMERIC)/, "decimal"],
  [/^(DATETIME|TIMESTAMP|DATE)/, "datetime"],
  [/^BOOL/, "boolean"],
  [/^BLOB/, "bytes"],
  [/^JSON/, "json"],
];

const PG_KINDS: Record<string, TypeKind> = {
  text: "text",
  "character varying": "text",
  character: "text",
  integer: "integer",
  smallint: "integer",
  bigint: "bigint",
  "double precision": "float",
  real: "float",
  numeric: "decimal",
  "timestamp without time zone": "datetime",
  "timestamp with time zone": "datetime",
  date: "datetime",
  boolean: "boolean",
  bytea: "bytes",
  jsonb: "json",
  json: "json",
};

const sqliteKind = (declared: string): ColumnShape["kind"] => SQLITE_KINDS.find(([re]) => re.test(declared.toUpperCase()))?.[1] ?? `unknown: ${declared}`;
const pgKind = (dataType: string): ColumnShape["kind"] => PG_KINDS[dataType] ?? `unknown: ${dataType}`;

function table(): TableShape {
  return { columns: {}, primaryKey: [], unique: [], indexes: [] };
}

function sortLists(shape: SchemaShape): SchemaShape {
  for (const t of Object.values(shape)) {
    t.unique.sort();
    t.indexes.sort();
  }
  return shape;
}

export function sqliteShape(file: string): SchemaShape {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const shape: SchemaShape = {};
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name).filter((n) => !IGNORED.has(n));
    for (const name of names) {
      const t = (shape[name] = table());
      const cols = db.prepare(`SELECT name, type, "notnull" AS "notnull", pk FROM pragma_table_info(?)`).all(name) as { name: string; type: string; notnull: number; pk: number }[];
      for (const c of cols) t.columns[c.name] = { kind: sqliteKind(c.type), nullable: c.notnull === 0 && !(c.pk > 0 && /^INTEGER$/i.test(c.type)) };
      t.primaryKey = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      const indexes = db.prepare(`SELECT name, "unique" AS "isUnique", origin FROM pragma_index_list(?)`).all(name) as { name: string; isUnique: number; origin: string }[];
      for (const ix of indexes) {
        if (ix.origin === "pk") continue;
        const columns = (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(ix.name) as { name: string }[]).map((r) => r.name).join(", ");
        (ix.isUnique ? t.unique : t.indexes).push(columns);
      }
    }
    return sortLists(shape);
  } finally {
    db.close();
  }
}

export async function pgShape(url: string): Promise<SchemaShape> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const shape: SchemaShape = {};
    const cols = await c.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    for (const r of cols.rows) {
      if (IGNORED.has(r.table_name)) continue;
      (shape[r.table_name] ??= table()).columns[r.column_name] = { kind: pgKind(r.data_type), nullable: r.is_nullable === "YES" };
    }
    const indexes = await c.query<{ table_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(
      `SELECT t.relname AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = 'public'
        GROUP BY ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary`,
    );
    for (const r of indexes.rows) {
      const t = shape[r.table_name];
      if (!t) continue;
      if (r.is_primary) t.primaryKey = r.columns;
      else (r.is_unique ? t.unique : t.indexes).push(r.columns.join(", "));
    }
    return sortLists(shape);
  } finally {
    await c.end();
  }
}
