/** Regenerates openapi/feed.asyncapi.json from the feed protocol's schemas (run by `npm run openapi`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderFeedDocument } from './asyncapi.js';

export const FEED_DOCUMENT_PATH = fileURLToPath(new URL('../../openapi/feed.asyncapi.json', import.meta.url));

writeFileSync(FEED_DOCUMENT_PATH, renderFeedDocument());
process.stdout.write(`wrote ${FEED_DOCUMENT_PATH}\n`);
