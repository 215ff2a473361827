/** `npm run openapi`: regenerates openapi/openapi.json from the route schemas. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from './openapi-doc.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

writeFileSync(OPENAPI_PATH, renderOpenApi());
process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
