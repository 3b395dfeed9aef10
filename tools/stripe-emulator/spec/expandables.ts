// Reads the SDK's response types for what `expand[]` may name. A field typed `string | Stripe.X`
// (id or object) is expandable; an optional field (`payments?: ApiList<InvoicePayment>`) is
// includable, returned only when expanded. Plain nested objects, arrays and lists are walked
// through, so `customer.invoice_settings.default_payment_method` and `data.payments` resolve.
import path from 'node:path';
import ts from 'typescript';
import type { FieldRef } from './types';

type Objects = Record<string, Record<string, FieldRef>>;

function isObjectType(type: ts.Type): boolean {
  return Boolean(type.flags & ts.TypeFlags.Object) || type.isIntersection();
}

export class ExpandableReader {
  /** Every object type visited, with all its object-valued fields (pruned in `objects()`). */
  private readonly all: Objects = {};
  private readonly visiting = new Set<string>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly sdkDir: string,
  ) {}

  /** A stable name: the declaring file under the SDK plus the qualified name, e.g. Checkout/Sessions#Session. */
  nameOf(type: ts.Type): string {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const full = symbol ? this.checker.getFullyQualifiedName(symbol) : this.checker.typeToString(type);
    const m = /^"(.*)"\.(.*)$/.exec(full);
    const base = m?.[1] && m[2] ? `${path.relative(this.sdkDir, m[1]).replace(/^resources\//, '')}#${m[2]}` : full;
    const args = (type as ts.TypeReference).typeArguments ?? type.aliasTypeArguments ?? [];
    return args.length ? `${base}<${args.map((a) => this.nameOf(a)).join(',')}>` : base;
  }

  /** `Customer | DeletedCustomer` → Customer: expansions walk on through the live object. */
  liveMember(type: ts.Type): ts.Type {
    const objects = this.objectMembers(type);
    const live = objects.filter((m) => !this.nameOf(m).includes('#Deleted'));
    // A union of several live objects (Stripe.Event): keep the union, walked by its common fields.
    return live.length === 1 && live[0] ? live[0] : type;
  }

  /** Looks through arrays (and `T | null`) to the object types inside. */
  objectMembers(type: ts.Type): ts.Type[] {
    const members = type.isUnion() ? type.types : [type];
    return members.flatMap((m) => {
      if (this.checker.isArrayType(m)) {
        const [element] = this.checker.getTypeArguments(m as ts.TypeReference);
        return element ? this.objectMembers(element) : [];
      }
      return isObjectType(m) && !(m.getCallSignatures().length > 0) ? [m] : [];
    });
  }

  /** Visits a response type; returns its name. */
  visit(type: ts.Type): string {
    const name = this.nameOf(type);
    if (this.all[name] || this.visiting.has(name)) return name;
    this.visiting.add(name);
    const fields: Record<string, FieldRef> = {};
    for (const prop of this.checker.getPropertiesOfType(type)) {
      if (prop.name === 'deleted') continue;
      const propType = this.checker.getTypeOfSymbol(prop);
      const members = propType.isUnion() ? propType.types : [propType];
      const idOrObject = members.some((m) => m.flags & ts.TypeFlags.String);
      const objects = this.objectMembers(propType);
      const live = objects.length ? this.liveMember(propType) : undefined;
      // A union that is not one object (id | one of several sources): walk through its first member.
      const target = live && live.isUnion() ? objects[0] : live;
      const ref: FieldRef = {};
      if (idOrObject && target) ref.expandable = true;
      if (prop.flags & ts.SymbolFlags.Optional) ref.includable = true;
      if (target) ref.type = this.visit(target);
      if (ref.type || ref.expandable || ref.includable) fields[prop.name] = ref;
    }
    this.visiting.delete(name);
    this.all[name] = fields;
    return name;
  }

  /** A list response (`ApiList<item>`): expansions start with `data`. */
  listOf(item: string): string {
    const name = `list<${item}>`;
    this.all[name] = { data: { type: item } };
    return name;
  }

  /** Only the types and fields from which something expandable or includable can be reached. */
  objects(roots: string[]): Objects {
    const useful = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, fields] of Object.entries(this.all)) {
        if (useful.has(name)) continue;
        if (Object.values(fields).some((f) => f.expandable || f.includable || (f.type && useful.has(f.type)))) {
          useful.add(name);
          changed = true;
        }
      }
    }
    const out: Objects = {};
    const reach = (name: string): void => {
      if (out[name] || !useful.has(name)) return;
      const fields: Record<string, FieldRef> = {};
      out[name] = fields;
      for (const [field, ref] of Object.entries(this.all[name] ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
        const keepType = ref.type && useful.has(ref.type);
        if (!keepType && !ref.expandable && !ref.includable) continue;
        fields[field] = { ...(ref.expandable ? { expandable: true as const } : {}), ...(ref.includable ? { includable: true as const } : {}), ...(keepType ? { type: ref.type } : {}) };
        if (keepType && ref.type) reach(ref.type);
      }
    };
    for (const root of roots) reach(root);
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }
}
