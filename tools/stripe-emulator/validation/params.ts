// Checks request parameters against the SDK-derived ParamSchema, answering the first problem as
// Stripe words it. `param` always names the full path (`items[0][price]`), as Stripe's does.
import { invalidRequest, type StripeApiError } from '../errors';
import type { ParamValue } from '../form';
import { FILE_PART } from '../multipart';
import type { ParamSchema } from '../spec/types';

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

export function childPath(parent: string, key: string | number): string {
  return parent ? `${parent}[${key}]` : String(key);
}

function oneOf(values: string[]): string {
  if (values.length <= 1) return values.join('');
  if (values.length === 2) return `${values[0]} or ${values[1]}`;
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

export function unknownParam(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });
}

function invalidEmpty(param: string): StripeApiError {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    { param, code: 'parameter_invalid_empty' },
  );
}

function missing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });
}

function isContainer(schema: ParamSchema): boolean {
  return schema.type === 'object' || schema.type === 'hash' || schema.type === 'array';
}

/** A non-empty string against a scalar schema. */
function checkScalar(value: string, schema: ParamSchema, param: string): StripeApiError | null {
  switch (schema.type) {
    case 'string':
      return null;
    case 'enum':
      return schema.values.includes(value) ? null : invalidRequest(`Invalid ${param}: must be one of ${oneOf(schema.values)}`, { param });
    case 'integer':
      return INTEGER.test(value) ? null : invalidRequest(`Invalid integer: ${value}`, { param, code: 'parameter_invalid_integer' });
    case 'number':
    case 'decimal':
      return DECIMAL.test(value) ? null : invalidRequest(`Invalid decimal: ${value}`, { param });
    case 'boolean':
      return value === 'true' || value === 'false' ? null : invalidRequest(`Invalid boolean: ${value}`, { param });
    case 'array':
      return invalidRequest('Invalid array', { param });
    default:
      return invalidRequest('Invalid object', { param });
  }
}

/** Object branches of a union accept the union of their fields (Stripe's anyOf of hashes). */
function mergedObject(branches: ParamSchema[]): Extract<ParamSchema, { type: 'object' }> | null {
  const objects = branches.filter((b): b is Extract<ParamSchema, { type: 'object' }> => b.type === 'object');
  if (objects.length === 0) return null;
  return { type: 'object', properties: Object.assign({}, ...objects.map((o) => o.properties)) as Record<string, ParamSchema> };
}

export function checkValue(value: ParamValue, schema: ParamSchema, param: string): StripeApiError | null {
  if (value === '') return schema.emptyable ? null : invalidEmpty(param);
  if (schema.type === 'file') {
    const isFile = typeof value === 'object' && !Array.isArray(value) && value[FILE_PART] === 'true';
    return isFile ? null : invalidRequest(`Invalid file: ${param} must be uploaded as a file in a multipart/form-data request.`, { param });
  }
  if (schema.type === 'anyOf') {
    if (typeof value === 'string') {
      const scalars = schema.anyOf.filter((b) => !isContainer(b));
      if (scalars.length === 0) return invalidRequest('Invalid object', { param });
      const errors = scalars.map((b) => checkScalar(value, b, param));
      return errors.includes(null) ? null : (errors[0] ?? null);
    }
    const container = Array.isArray(value) ? schema.anyOf.find((b) => b.type === 'array') : (mergedObject(schema.anyOf) ?? schema.anyOf.find((b) => b.type === 'hash'));
    return container ? checkValue(value, container, param) : wrongContainer(schema.anyOf[0], param);
  }
  if (typeof value === 'string') return checkScalar(value, schema, param);
  if (Array.isArray(value)) {
    if (schema.type !== 'array') return wrongContainer(schema, param);
    for (const [i, item] of value.entries()) {
      const err = checkValue(item, schema.items, childPath(param, i));
      if (err) return err;
    }
    return null;
  }
  if (schema.type === 'hash') {
    for (const [key, item] of Object.entries(value)) {
      const err = checkValue(item, schema.values, childPath(param, key));
      if (err) return err;
    }
    return null;
  }
  if (schema.type === 'object') return checkObject(value, schema, param);
  return wrongContainer(schema, param);
}

/** An object or array where a scalar (or the other container) is expected. */
function wrongContainer(schema: ParamSchema | undefined, param: string): StripeApiError {
  const kind = schema?.type === 'enum' || schema?.type === 'anyOf' || !schema ? 'string' : schema.type;
  if (kind === 'array' || kind === 'object' || kind === 'hash') return invalidRequest(kind === 'array' ? 'Invalid array' : 'Invalid object', { param });
  return invalidRequest(`Invalid ${kind}: ${param} must be a ${kind}, not an object or array.`, { param, code: 'parameter_invalid_string_object' });
}

export function checkObject(value: Record<string, ParamValue>, schema: Extract<ParamSchema, { type: 'object' }>, param: string): StripeApiError | null {
  for (const key of Object.keys(value)) {
    if (!(key in schema.properties)) return unknownParam(childPath(param, key));
  }
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties[key];
    const err = property ? checkValue(item, property, childPath(param, key)) : null;
    if (err) return err;
  }
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) return missing(childPath(param, key));
  }
  return null;
}
