import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { Tenant } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import type { Permission } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { tenantActor, type TenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { logger } from "@/lib/log";
import { zodFieldErrors, zodMessage, type ActionResult, type ServerAction } from "./action-result";

/** What a tenant action's body gets: the checked session as a TenantActor, and the database. */
export type ActionContext = {
  db: Db;
  tenant: Tenant;
  actor: TenantActor;
  /** An audit entry for this actor and request, for outcomes no service records itself. */
  audit: (entry: { action: string; target?: string | null; fields?: string[] }) => Promise<void>;
};

type CommonOptions<S extends z.ZodType> = {
  /** Validates the whole input: the form's fields overlaid with the bound arguments (which win). */
  schema: S;
  /** How to read the form when its entries are not the input as they stand (repeated names, defaults). */
  form?: (form: FormData) => Record<string, unknown>;
  /** Labels that prefix zod's messages, by input name: `{ amount: "Amount" }` → "Amount: …". */
  labels?: Record<string, string>;
  /** One message for any invalid input, for inputs the person did not type (ids, hidden fields). */
  invalid?: string;
  /** The message for an unexpected failure (it is logged with `name`), e.g. to say nothing was charged. */
  failure?: string;
  /** Names the action in the log: `<name>.failed`. */
  name: string;
};

type TenantOptions<S extends z.ZodType> = CommonOptions<S> & {
  /** Checked on the server for the signed-in user in the tenant named by the input's `slug`. */
  permission: Permission;
  /** Recorded when the action succeeds, for actions whose service keeps no audit entry of its own. */
  audit?: { action: string; target?: (input: z.output<S>) => string | null };
};

// An empty schema (`z.object({})`) has an index signature of `never`: nothing but `slug` is bound.
type Bound<S extends z.ZodType> = string extends keyof z.input<S> ? object : Partial<z.input<S>>;

const SLUG = z.string().min(1).max(100);
const INVALID = "That request was not valid. Reload the page and try again.";
const FAILURE = "Something went wrong on our side. Try again.";

/**
 * The one way to write a server action for a tenant (docs/architecture.md): resolves the tenant
 * from the input's `slug` and the actor from the session, checks `permission` on the server
 * (404/403 as for pages), validates the input with `schema`, runs `fn`, and maps what it throws —
 * a DomainError to its message (and field), invalid input to a readable sentence, anything else
 * to a generic message after logging it — into one ActionResult. Next's redirect and notFound
 * pass through.
 */
export function defineAction<S extends z.ZodType, T = undefined>(
  options: TenantOptions<S>,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>,
): ServerAction<Bound<S> & { slug?: string }, T> {
  return async (bound, prev, form) =>
    guarded(options, async () => {
      const raw = inputOf(bound, form ?? prev, options);
      const slug = SLUG.safeParse(raw.slug);
      if (!slug.success) return { error: options.invalid ?? INVALID };
      const { tenant, user, role } = await requireTenant(slug.data, options.permission);
      const parsed = options.schema.safeParse(raw);
      if (!parsed.success) return invalid(parsed.error, options);
      const db = await getDb();
      const actor = tenantActor(tenant, user.id, role, (await headers()).get("x-request-id"));
      const audit: ActionContext["audit"] = (entry) => recordAudit(db, { tenantId: tenant.id, actorUserId: user.id, requestId: actor.requestId, ...entry });
      const result = await fn(parsed.data, { db, tenant, actor, audit });
      if (result.ok && options.audit) await audit({ action: options.audit.action, target: options.audit.target?.(parsed.data) ?? null });
      return result;
    });
}

/** The same contract for the few actions that run before anyone is signed in (sign-in, join, invitations). */
export function definePublicAction<S extends z.ZodType, T = undefined>(
  options: CommonOptions<S>,
  fn: (input: z.output<S>, ctx: { db: Db }) => Promise<ActionResult<T>>,
): ServerAction<Bound<S>, T> {
  return async (bound, prev, form) =>
    guarded(options, async () => {
      const parsed = options.schema.safeParse(inputOf(bound, form ?? prev, options));
      if (!parsed.success) return invalid(parsed.error, options);
      return fn(parsed.data, { db: await getDb() });
    });
}

/** Throws a validation failure that the action returns like invalid input (a second schema, checked inside `fn`). */
export function parseOrFail<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

/**
 * The action's raw input: the form's fields overlaid with the bound arguments. Exported for its
 * tests. `form` is whatever came after `bound`: the form, or (the action given to useActionState
 * without `.bind`) the previous result, when `bound` is that result and the form came second.
 */
export function inputOf(bound: unknown, form: unknown, options: Pick<CommonOptions<z.ZodType>, "form">): Record<string, unknown> {
  // Used as `<form action={x}>` without `.bind`, the form arrives first.
  if (bound instanceof FormData) return readForm(bound, options);
  // useActionState(x) without `.bind` calls x(previousResult, form): nothing was bound.
  if (form instanceof FormData && isPreviousResult(bound)) return readForm(form, options);
  const fixed = typeof bound === "object" && bound !== null ? bound : {};
  return { ...(form instanceof FormData ? readForm(form, options) : {}), ...fixed };
}

const RESULT_KEYS = new Set(["ok", "message", "error", "fieldErrors", "data"]);
function isPreviousResult(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).every((k) => RESULT_KEYS.has(k));
}

function readForm(form: FormData, options: Pick<CommonOptions<z.ZodType>, "form">): Record<string, unknown> {
  if (options.form) return options.form(form);
  return Object.fromEntries([...form.entries()].filter(([key]) => !key.startsWith("$ACTION")));
}

function invalid<T>(error: z.ZodError, options: CommonOptions<z.ZodType>): ActionResult<T> {
  // Paths and codes only, never values: enough to tell a stale page or a tampered field from a bug.
  logger.info("action.invalid_input", { action: options.name, issues: error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.code}`) });
  if (options.invalid) return { error: options.invalid };
  return { error: zodMessage(error, options.labels), fieldErrors: zodFieldErrors(error) };
}

/** Runs an action's body and turns what it throws into its result (Next's control flow excepted). Exported for its tests. */
export async function guarded<T>(options: CommonOptions<z.ZodType>, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await run();
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound(), forbidden() are answers, not failures
    if (error instanceof DomainError) return { error: error.message, ...(error.field ? { fieldErrors: { [error.field]: error.message } } : {}) };
    if (error instanceof z.ZodError) return invalid(error, options);
    logger.error(`${options.name}.failed`, { error });
    return { error: options.failure ?? FAILURE };
  }
}
