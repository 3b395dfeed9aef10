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

/**
 * builtOnce for a family of statements told apart by their shape (which filters a request uses):
 * one statement per shape and handle. `keyOf` must map the shapes onto a small, fixed set of keys —
 * never onto a request's values — or the family would grow with every request.
 */
export function builtOncePerShape<Shape, Statement>(keyOf: (shape: Shape) => string, build: (db: Db, shape: Shape, key: string) => Statement): (db: Db, shape: Shape) => Statement {
  const family = new Map<string, (db: Db) => Statement>();
  return (db, shape) => {
    const key = keyOf(shape);
    let statement = family.get(key);
    if (!statement) family.set(key, (statement = builtOnce((handle) => build(handle, shape, key))));
    return statement(db);
  };
}
