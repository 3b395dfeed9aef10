// Where the generated spec lives and how it is written (one place, so the drift test compares bytes).
import path from 'node:path';
import type { ShapeSpec } from './shapes';
import type { ApiSpec } from './types';

export const SPEC_FILE = path.join(__dirname, 'operations.json');
export const SHAPES_FILE = path.join(__dirname, 'shapes.json');

export function serializeSpec(spec: ApiSpec): string {
  return `${JSON.stringify(spec, null, 1)}\n`;
}

/** One type per line: small diffs when the SDK changes a type. */
export function serializeShapes(shapes: ShapeSpec): string {
  const types = Object.entries(shapes.types).map(([name, fields]) => `  ${JSON.stringify(name)}: ${JSON.stringify(fields)}`);
  return `{\n "sdkVersion": ${JSON.stringify(shapes.sdkVersion)},\n "open": ${JSON.stringify(shapes.open)},\n "byObject": ${JSON.stringify(shapes.byObject)},\n "types": {\n${types.join(',\n')}\n }\n}\n`;
}
