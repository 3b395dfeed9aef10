// The shape of `operations.json`: what the pinned stripe SDK's own type declarations say about each
// operation the emulator serves. Written by `npm run emulator:spec` (spec/generate.ts), read by the
// request validator (validation/). Plain JSON so a reviewer can diff it across SDK upgrades.

/** One request parameter. `emptyable`: the SDK types it `Emptyable<T>`, so `""` (unset) is allowed. */
export type ParamSchema =
  | { type: 'string'; emptyable?: true }
  | { type: 'enum'; values: string[]; emptyable?: true }
  | { type: 'integer'; emptyable?: true }
  /** A TypeScript `number` documented as a decimal, percentage or fraction. */
  | { type: 'number'; emptyable?: true }
  /** Stripe.Decimal: a decimal string such as "12.5". */
  | { type: 'decimal'; emptyable?: true }
  | { type: 'boolean'; emptyable?: true }
  /** The SDK's FileData: a file part of a multipart/form-data body (multipart.ts). */
  | { type: 'file'; emptyable?: true }
  | { type: 'array'; items: ParamSchema; emptyable?: true }
  /** `{ [key: string]: T }`, e.g. metadata: any key, each value validated by `values`. */
  | { type: 'hash'; values: ParamSchema; emptyable?: true }
  | { type: 'object'; properties: Record<string, ParamSchema>; required?: string[]; emptyable?: true }
  /** A union of different kinds, e.g. `'now' | number` or `RangeQueryParam | number`. */
  | { type: 'anyOf'; anyOf: ParamSchema[]; emptyable?: true };

/** A field of a response object that `expand[]` may name, or that leads to one. */
export interface FieldRef {
  /** An id-or-object union (`string | Stripe.Customer`): expanding replaces the id with the object. */
  expandable?: true;
  /** Optional in the SDK's response type: only present when expanded (e.g. invoice.payments). */
  includable?: true;
  /** The object type reached through this field (arrays and lists are looked through), if it has fields of interest. */
  type?: string;
}

export interface OperationSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. /v1/prices/{id} */
  path: string;
  /** The SDK method that calls it, e.g. prices.update (for humans reading the JSON). */
  sdkMethod: string;
  /** Body (POST) or query (GET/DELETE) parameters. */
  params: Record<string, ParamSchema>;
  required: string[];
  /** Key into `objects` for the response; lists answer `{ data: [...] }` and name their item type under `data`. */
  response: string | null;
}

export interface ApiSpec {
  sdkVersion: string;
  apiVersion: string;
  operations: OperationSpec[];
  /** Response object types, keyed by SDK type name, listing only fields that matter to `expand[]`. */
  objects: Record<string, Record<string, FieldRef>>;
}
