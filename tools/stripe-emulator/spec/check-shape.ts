// Checks a JSON object the emulator returned against shapes.json (what the pinned SDK's types
// say): every required field present (null is a value), no field the type does not have, and the
// same for nested objects, expanded objects, arrays and lists. Objects are identified by their
// `object` field (`customer`, `invoice`, …) or by the field type that leads to them.
import fs from 'node:fs';
import { SHAPES_FILE } from './file';
import type { ShapeSpec } from './shapes';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadShapes(): ShapeSpec {
  return JSON.parse(fs.readFileSync(SHAPES_FILE, 'utf8')) as ShapeSpec;
}

export class ShapeChecker {
  private readonly open: Set<string>;
  /** Object kinds seen, with how many objects of each were checked: shows a flow covered what it claims. */
  readonly checked = new Map<string, number>();

  constructor(private readonly shapes: ShapeSpec) {
    this.open = new Set(shapes.open);
  }

  /** Problems with a top-level value (an API response or an event's data.object), each with its JSON path. */
  problems(value: unknown, path = '$'): string[] {
    if (!isObject(value)) return [`${path}: not an object`];
    if (value.object === 'list' || value.object === 'search_result') return this.list(value, path);
    const kind = typeof value.object === 'string' ? value.object : undefined;
    const type = kind ? this.shapes.byObject[kind] : undefined;
    if (!type) return [`${path}: no SDK type for object '${String(kind)}'`];
    return this.check(value, type, path);
  }

  private list(value: Json, path: string): string[] {
    const allowed = new Set(['object', 'data', 'has_more', 'url', 'next_page', 'total_count']);
    const out = Object.keys(value)
      .filter((k) => !allowed.has(k))
      .map((k) => `${path}.${k}: not a field of a list`);
    const data = Array.isArray(value.data) ? value.data : [];
    data.forEach((item, i) => out.push(...this.problems(item, `${path}.data[${i}]`)));
    return out;
  }

  private check(value: Json, type: string, path: string): string[] {
    if (typeof value.object === 'string') this.checked.set(value.object, (this.checked.get(value.object) ?? 0) + 1);
    if (this.open.has(type)) return [];
    const fields = this.shapes.types[type];
    if (!fields) return [`${path}: type ${type} is not in shapes.json`];
    const out: string[] = [];
    for (const [field, encoded] of Object.entries(fields)) {
      if (!encoded.startsWith('?') && !(field in value)) out.push(`${path}.${field}: required by ${type} but missing`);
    }
    for (const [field, v] of Object.entries(value)) {
      const encoded = fields[field];
      if (encoded === undefined) {
        out.push(`${path}.${field}: not a field of ${type}`);
        continue;
      }
      const nested = encoded.replace(/^\?/, '');
      if (value.object === 'event' && field === 'data') out.push(...this.eventData(v, `${path}.data`));
      else if (nested) out.push(...this.nested(v, nested, `${path}.${field}`));
    }
    return out;
  }

  /** An event's `data`: the object (checked as what it is) and, on updates, previous_attributes. */
  private eventData(v: unknown, path: string): string[] {
    if (!isObject(v)) return [`${path}: not an object`];
    const extra = Object.keys(v).filter((k) => k !== 'object' && k !== 'previous_attributes');
    return [...extra.map((k) => `${path}.${k}: not a field of event data`), ...this.problems(v.object, `${path}.object`)];
  }

  private nested(v: unknown, type: string, path: string): string[] {
    if (Array.isArray(v)) return v.flatMap((item, i) => this.nested(item, type, `${path}[${i}]`));
    return isObject(v) ? this.check(v, type, path) : []; // an id where the object was not expanded, or null
  }
}
