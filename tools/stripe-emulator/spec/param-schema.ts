// Turns a params type of the SDK (`PriceUpdateParams`, …) into a ParamSchema, with the type checker.
// `Emptyable<T>` is `null | '' | T`, so a union holding the literal '' is emptyable. Enums are unions
// of string literals (joined with `OtherString` only to keep TypeScript open: Stripe still checks
// them). A TypeScript `number` is an integer (amounts, counts, timestamps) except percentages and
// package dimensions, Stripe's only float params here (its OpenAPI says `number`, the SDK cannot).
import ts from 'typescript';
import type { ParamSchema } from './types';

const FLOAT_NAME = /percent|^(height|length|weight|width)$/;

function isDecimal(type: ts.Type): boolean {
  const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
  return name === 'Decimal' || name === 'DecimalImpl';
}

function withEmptyable(schema: ParamSchema, emptyable: boolean): ParamSchema {
  return emptyable ? { ...schema, emptyable: true } : schema;
}

export class ParamSchemaReader {
  constructor(private readonly checker: ts.TypeChecker) {}

  /** The properties of a params type, as `object` (what an operation's params are). */
  objectOf(type: ts.Type, depth = 0): Extract<ParamSchema, { type: 'object' }> {
    const properties: Record<string, ParamSchema> = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const propType = this.checker.getTypeOfSymbol(prop);
      properties[prop.name] = this.schemaOf(propType, depth + 1, prop.name);
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    return required.length ? { type: 'object', properties, required } : { type: 'object', properties };
  }

  /** `name`: the parameter's own name (array items and hash values inherit it). */
  schemaOf(type: ts.Type, depth: number, name: string): ParamSchema {
    if (depth > 12) throw new Error(`params nest deeper than 12 levels: ${this.checker.typeToString(type)}`);
    const members = type.isUnion() ? type.types : [type];
    let emptyable = false;
    const literals: string[] = [];
    const kinds: ParamSchema[] = [];
    let sawString = false;
    let sawNumber = false;
    let sawBoolean = false;
    for (const member of members) {
      const flags = member.flags;
      if (flags & ts.TypeFlags.Undefined) continue;
      // The SDK form-encodes null as an empty value, so `null` is an unset just like ''.
      if (flags & ts.TypeFlags.Null) emptyable = true;
      else if (member.isStringLiteral()) {
        if (member.value === '') emptyable = true;
        else literals.push(member.value);
      } else if (flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Boolean)) sawBoolean = true;
      else if (flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) sawNumber = true;
      // `string`, or OtherString (string & Record<never, never>), TypeScript's way of keeping enums open.
      else if (flags & ts.TypeFlags.String || (member.isIntersection() && member.types.some((t) => t.flags & ts.TypeFlags.String))) sawString = true;
      else if (isDecimal(member)) kinds.push({ type: 'decimal' });
      // The SDK's FileData ({ data, name, type }) is sent as a file part of multipart/form-data.
      else if ((member.aliasSymbol ?? member.getSymbol())?.getName() === 'FileData') kinds.push({ type: 'file' });
      else kinds.push(this.objectSchemaOf(member, depth, name));
    }
    // `'a' | 'b' | OtherString` is an enum: Stripe checks the value even though TypeScript does not.
    if (literals.length) kinds.unshift({ type: 'enum', values: [...literals].sort() });
    else if (sawString) kinds.unshift({ type: 'string' });
    if (sawNumber) kinds.push(FLOAT_NAME.test(name) ? { type: 'number' } : { type: 'integer' });
    if (sawBoolean) kinds.push({ type: 'boolean' });
    if (kinds.length === 0) return withEmptyable({ type: 'string' }, emptyable);
    if (kinds.length === 1 && kinds[0]) return withEmptyable(kinds[0], emptyable);
    return withEmptyable({ type: 'anyOf', anyOf: kinds }, emptyable);
  }

  private objectSchemaOf(type: ts.Type, depth: number, name: string): ParamSchema {
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: element ? this.schemaOf(element, depth + 1, name) : { type: 'string' } };
    }
    const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && this.checker.getPropertiesOfType(type).length === 0) {
      return { type: 'hash', values: this.schemaOf(index.type, depth + 1, name) };
    }
    return this.objectOf(type, depth);
  }
}
