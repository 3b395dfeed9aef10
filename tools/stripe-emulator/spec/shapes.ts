// Reads every field of the SDK's response types, so a test can check what the emulator returns
// against them: required fields present, nothing the type does not have. Written to shapes.json by
// `npm run emulator:spec` beside operations.json. Encoding (compact: the SDK has ~1,000 such types):
// a field is "" (required), "?" (optional), or either followed by the name of its object type when
// the test should look inside ("?Customers#Customer"; arrays and lists are looked through).
import ts from 'typescript';
import type { ExpandableReader } from './expandables';

export interface ShapeSpec {
  sdkVersion: string;
  /** Object type name → field → encoded field (see above). */
  types: Record<string, Record<string, string>>;
  /** Types with an index signature (`Metadata`): any key is allowed. */
  open: string[];
  /** The `object` value of a top-level object (`customer`) → its type, to check event payloads and lists. */
  byObject: Record<string, string>;
}

export class ShapeReader {
  private readonly types: Record<string, Record<string, string>> = {};
  private readonly open = new Set<string>();
  private readonly byObject: Record<string, string> = {};

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly names: ExpandableReader,
  ) {}

  /** Object types inside a field's type, looking through arrays, null and id-or-object unions; Deleted* dropped. */
  private objectsIn(type: ts.Type): ts.Type[] {
    return this.names.objectMembers(type).filter((m) => !this.names.nameOf(m).includes('#Deleted'));
  }

  /** Stripe.Decimal is an object in TypeScript but a string on the wire: a leaf. */
  private isLeaf(type: ts.Type): boolean {
    const name = this.names.nameOf(type);
    return /(^|#)Decimal(Impl)?$/.test(name) || this.checker.getPropertiesOfType(type).some((p) => this.checker.getTypeOfSymbol(p).getCallSignatures().length > 0);
  }

  visit(type: ts.Type): string {
    const name = this.names.nameOf(type);
    if (this.types[name]) return name;
    const fields: Record<string, string> = {};
    this.types[name] = fields;
    if (this.checker.getIndexInfosOfType(type).length > 0) this.open.add(name);
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const propType = this.checker.getTypeOfSymbol(prop);
      const optional = prop.flags & ts.SymbolFlags.Optional ? '?' : '';
      const objects = this.objectsIn(propType).filter((t) => !this.isLeaf(t));
      // One object type: look inside it. Several (Event's data.object, a payment source): only presence is checked.
      const [only] = objects;
      // Anonymous type literals all print as `__type`: they cannot be told apart, so only presence is checked.
      const named = only && !this.names.nameOf(only).includes('__type') ? only : undefined;
      fields[prop.name] = objects.length === 1 && named ? `${optional}${this.visit(named)}` : optional;
      if (prop.name === 'object' && propType.isStringLiteral() && propType.value !== 'list' && !name.includes('#Deleted')) this.byObject[propType.value] ??= name;
    }
    return name;
  }

  result(sdkVersion: string): ShapeSpec {
    const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    const types = Object.fromEntries(Object.entries(sorted(this.types)).map(([n, f]) => [n, sorted(f)]));
    return { sdkVersion, types, open: [...this.open].sort(), byObject: sorted(this.byObject) };
  }
}
