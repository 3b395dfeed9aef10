import type { Db } from "../client";

/**
 * A statement Drizzle writes once per database handle and then only runs with new values (its
 * `sql.placeholder`s): for the statements every page runs, writing the SQL from the query builder
 * cost more CPU than Postgres spends planning them. A transaction handle is a handle of its own.
 */
export function builtOnce<Statement>(build: (db: Db) => Statement): (db: Db) => Statement {
  const built = new WeakMap<Db, Statement>();
  return (db) => {
    let statement = built.get(db);
    if (!statement) built.set(db, (statement = build(db)));
    return statement;
  };
}
