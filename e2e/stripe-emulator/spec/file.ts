// Where the generated spec lives and how it is written (one place, so the drift test compares bytes).
import path from 'node:path';
import type { ApiSpec } from './types';

export const SPEC_FILE = path.join(__dirname, 'operations.json');

export function serializeSpec(spec: ApiSpec): string {
  return `${JSON.stringify(spec, null, 1)}\n`;
}
