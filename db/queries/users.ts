import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users, type NewUser, type User } from "../schema";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(db: Db, { email }: { email: string }): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
  return row;
}

export async function getUserById(db: Db, { userId }: { userId: string }): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export async function createUser(db: Db, values: NewUser): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: normaliseEmail(values.email) })
    .returning();
  if (!row) throw new Error("user insert returned nothing");
  return row;
}

export async function bumpSessionVersion(db: Db, { userId }: { userId: string }) {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
}
