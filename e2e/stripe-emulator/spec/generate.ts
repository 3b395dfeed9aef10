// `npm run emulator:spec`: regenerates spec/operations.json from the installed stripe SDK's type
// declarations for every route the emulator serves. Run it after upgrading `stripe` (or adding a
// route) and commit the result; spec.test.ts fails while the committed file is stale.
import fs from 'node:fs';
import { API_ROUTES } from '../routes';
import { buildSpec } from './build';
import { SPEC_FILE, serializeSpec } from './file';

const spec = buildSpec(API_ROUTES);
fs.writeFileSync(SPEC_FILE, serializeSpec(spec));
console.log(`Wrote ${SPEC_FILE}: ${spec.operations.length} operations, ${Object.keys(spec.objects).length} response types (stripe ${spec.sdkVersion}, API ${spec.apiVersion}).`);
