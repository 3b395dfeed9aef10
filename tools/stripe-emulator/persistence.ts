// Keeps the emulator's state in a JSON file, so the offline demo survives a restart with every
// Stripe id its database holds still valid (receipts, invoices, subscriptions, the tenant's keys).
// Tests never pass a file: they start from nothing, as before.
//
// What is saved: every account's maps (store.ts) and the state other modules keep beside the
// account in WeakMaps (billing, catalog, checkout and portal sessions, pending invoice lines, which
// PaymentIntent pays which invoice). Webhook deliveries in flight are not: after a restart they are
// simply not retried, as if Stripe had given up on them. Saving is debounced (a burst of requests
// writes once) and happens again on close; the file is replaced atomically (write + rename).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dumpBilling, loadBilling, type BillingState } from './billing/state';
import { dumpInvoiceFlow, loadInvoiceFlow, type SavedInvoiceFlow } from './billing/invoice-flow';
import type { LineInput } from './billing/invoice-objects';
import type { EmulatorCore } from './core';
import { loadPortalSessions, portalSessionsOf } from './routes/billing-portal';
import { dumpCheckout, loadCheckout, type SavedCheckout } from './routes/checkout-sessions';
import { dumpLineInputs, loadLineInputs } from './routes/invoice-items';
import { catalogOf, loadCatalog, type CatalogState } from './routes/products';
import type { AccountState } from './store';

const FORMAT = 1;

type SavedAccount = {
  state: AccountState;
  billing: BillingState;
  catalog: CatalogState;
  checkout: SavedCheckout;
  portalSessions: ReturnType<typeof portalSessionsOf>;
  lineInputs: Map<string, LineInput>;
  invoiceFlow: SavedInvoiceFlow;
};

/** JSON with Maps and Sets kept as such (Stripe objects never have keys named `$map`/`$set`). */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { $map?: [unknown, unknown][]; $set?: unknown[] };
    if (Array.isArray(v.$map) && Object.keys(v).length === 1) return new Map(v.$map);
    if (Array.isArray(v.$set) && Object.keys(v).length === 1) return new Set(v.$set);
  }
  return value;
}

function dumpAccount(state: AccountState): SavedAccount {
  return {
    state,
    billing: dumpBilling(state),
    catalog: catalogOf(state),
    checkout: dumpCheckout(state),
    portalSessions: portalSessionsOf(state),
    lineInputs: dumpLineInputs(state),
    invoiceFlow: dumpInvoiceFlow(state),
  };
}

function loadAccount(core: EmulatorCore, saved: SavedAccount): void {
  const { state } = saved;
  core.store.adopt(state);
  loadBilling(state, saved.billing);
  loadCatalog(state, saved.catalog);
  loadCheckout(state, saved.checkout);
  loadPortalSessions(state, saved.portalSessions);
  // After billing: both look invoices and invoice items up by id.
  loadLineInputs(state, saved.lineInputs);
  loadInvoiceFlow(state, saved.invoiceFlow);
}

export interface StatePersistence {
  /** Something changed: save within `delayMs`. */
  touch(): void;
  /** Writes now (and cancels a pending debounced write). */
  save(): void;
  /** How many accounts the file held when the emulator started. */
  restored: number;
}

/** Loads `file` into `core` if it exists, and returns the saver the server calls after changes. */
export function persistState(core: EmulatorCore, file: string, delayMs = 2000): StatePersistence {
  let restored = 0;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8'), reviver) as { format: number; accounts: SavedAccount[] };
    if (saved.format !== FORMAT) throw new Error(`${file} was written by another version of the emulator (format ${saved.format}); delete it to start afresh.`);
    for (const account of saved.accounts) loadAccount(core, account);
    restored = saved.accounts.length;
  }
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    mkdirSync(path.dirname(file), { recursive: true });
    const body = JSON.stringify({ format: FORMAT, savedAt: new Date().toISOString(), accounts: [...core.store.accounts.values()].map(dumpAccount) }, replacer);
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, body);
    renameSync(temporary, file);
  };
  return {
    restored,
    save,
    touch: () => {
      timer ??= setTimeout(save, delayMs).unref();
    },
  };
}
