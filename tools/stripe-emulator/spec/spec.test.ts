import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../routes';
import { buildSpecAndShapes } from './build';
import { SHAPES_FILE, SPEC_FILE, serializeShapes, serializeSpec } from './file';
import { isEmulatorPrivate } from './private-routes';
import type { ApiSpec } from './types';

describe('operations.json (generated from the pinned stripe SDK)', () => {
  const committed = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as ApiSpec;

  it('matches a fresh generation: run `npm run emulator:spec` after upgrading stripe or adding a route', () => {
    const { spec, shapes } = buildSpecAndShapes(API_ROUTES);
    // Compared as one boolean: a 700 kB diff would bury the instruction above.
    expect(serializeSpec(spec) === fs.readFileSync(SPEC_FILE, 'utf8'), 'spec/operations.json is stale: run `npm run emulator:spec`').toBe(true);
    expect(serializeShapes(shapes) === fs.readFileSync(SHAPES_FILE, 'utf8'), 'spec/shapes.json is stale: run `npm run emulator:spec`').toBe(true);
  }, 60_000);

  it('describes every public route the emulator serves, for the SDK version installed', () => {
    const served = API_ROUTES.filter((r) => !isEmulatorPrivate(r.path)).map((r) => `${r.method} ${r.path.replace(/:[a-z_]+/g, '{}')}`);
    const described = new Set(committed.operations.map((op) => `${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}')}`));
    expect(served.filter((r) => !described.has(r))).toEqual([]);
    expect(committed.sdkVersion).toBe((JSON.parse(fs.readFileSync('node_modules/stripe/package.json', 'utf8')) as { version: string }).version);
  });

  it('records the Emptyable markers, enums and expandables the validator relies on', () => {
    const op = (method: string, path: string) => committed.operations.find((o) => o.method === method && o.path === path);
    expect(op('POST', '/v1/prices/{id}')?.params.nickname).toEqual({ type: 'string' });
    expect(op('POST', '/v1/products/{id}')?.params.description).toEqual({ type: 'string', emptyable: true });
    expect(op('POST', '/v1/payment_intents')?.params.capture_method).toEqual({ type: 'enum', values: ['automatic', 'automatic_async', 'manual'] });
    expect(committed.objects['Invoices#Invoice']?.customer).toMatchObject({ expandable: true, type: 'Customers#Customer' });
    expect(committed.objects['Invoices#Invoice']?.payments).toMatchObject({ includable: true });
  });
});
