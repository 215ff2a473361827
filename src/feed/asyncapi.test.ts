import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildFeedDocument, renderFeedDocument } from './asyncapi.js';
import { ERROR_CODES } from './protocol.js';

const committedPath = fileURLToPath(new URL('../../openapi/feed.asyncapi.json', import.meta.url));

describe('openapi/feed.asyncapi.json', () => {
  it('matches the protocol schemas (run `npm run openapi` after changing the protocol)', () => {
    let committed = '';
    try {
      committed = readFileSync(committedPath, 'utf8');
    } catch {
      expect.fail('openapi/feed.asyncapi.json is missing: run `npm run openapi`');
    }
    expect(committed === renderFeedDocument(), 'openapi/feed.asyncapi.json is stale: run `npm run openapi` and commit the result').toBe(true);
  });

  it('is AsyncAPI 3.0 describing every client and server message with its JSON schema', () => {
    const doc = buildFeedDocument() as any;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.feed.address).toBe('/v1/ws');
    const names = (op: string) => doc.operations[op].messages.map((m: { $ref: string }) => m.$ref.split('/').at(-1));
    expect(names('clientRequests')).toEqual(['Subscribe', 'Unsubscribe', 'Resync', 'Ping']);
    expect(names('serverMessages')).toEqual(expect.arrayContaining(['Snapshot', 'Delta', 'Stale', 'Ticker', 'Trade', 'Error', 'Heartbeat', 'Subscribed', 'Unsubscribed', 'Opportunities', 'Opportunity', 'Order', 'Fill']));
    // Every referenced message and schema exists.
    for (const op of ['clientRequests', 'serverMessages']) {
      for (const name of names(op)) {
        expect(doc.components.messages[name].payload.$ref).toBe(`#/components/schemas/${name}`);
        expect(doc.components.schemas[name].type).toBe('object');
      }
    }
    expect(doc.components.schemas.Delta.properties.seq).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect(doc.components.schemas.Error.properties.code.enum).toEqual([...ERROR_CODES]);
    expect(doc.components.schemas.Subscribe.properties.channel.enum).toEqual(['book', 'ticker', 'trades', 'arbitrage', 'orders', 'fills']);
    expect(doc.components.schemas.Subscribe.properties.venues.items.enum).toEqual(['kalshi', 'polymarket', 'manifold', 'opinion']);
    expect(doc.components.schemas.Order.properties.order.properties.price.type).toBe('string');
    expect(doc.components.schemas.Fill.properties.source.enum).toEqual(['stream', 'poll']);
  });
});
