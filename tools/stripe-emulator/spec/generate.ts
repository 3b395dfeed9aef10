// `npm run emulator:spec`: regenerates spec/operations.json from the installed stripe SDK's type
// declarations for every route the emulator serves. Run it after upgrading `stripe` (or adding a
// route) and commit the result; spec.test.ts fails while the committed file is stale.
import fs from 'node:fs';
import { API_ROUTES } from '../routes';
import { buildSpecAndShapes } from './build';
import { SHAPES_FILE, SPEC_FILE, serializeShapes, serializeSpec } from './file';

const { spec, shapes } = buildSpecAndShapes(API_ROUTES);
fs.writeFileSync(SPEC_FILE, serializeSpec(spec));
fs.writeFileSync(SHAPES_FILE, serializeShapes(shapes));
console.log(`Wrote ${SHAPES_FILE}: ${Object.keys(shapes.types).length} object types.`);
console.log(`Wrote ${SPEC_FILE}: ${spec.operations.length} operations, ${Object.keys(spec.objects).length} response types (stripe ${spec.sdkVersion}, API ${spec.apiVersion}).`);
