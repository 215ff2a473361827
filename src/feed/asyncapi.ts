/**
 * The feed's machine-readable description: an AsyncAPI 3.0 document generated from the protocol's
 * zod schemas (JSON Schema draft-07 payloads), committed as `openapi/feed.asyncapi.json` beside the
 * OpenAPI document (`npm run openapi` writes both; a test fails when it is stale).
 */
import { z } from 'zod';
import * as p from './protocol.js';

const CLIENT: Record<string, z.ZodType> = {
  Subscribe: p.SubscribeSchema,
  Unsubscribe: p.UnsubscribeSchema,
  Resync: p.ResyncSchema,
  Ping: p.PingSchema,
};

const SERVER: Record<string, z.ZodType> = {
  Welcome: p.WelcomeSchema,
  Subscribed: p.SubscribedSchema,
  Unsubscribed: p.UnsubscribedSchema,
  Resynced: p.ResyncedSchema,
  Snapshot: p.SnapshotSchema,
  Delta: p.DeltaSchema,
  Stale: p.StaleSchema,
  Ticker: p.TickerMessageSchema,
  Trade: p.TradeMessageSchema,
  Dropped: p.DroppedSchema,
  Opportunities: p.OpportunitiesSchema,
  Opportunity: p.OpportunityMessageSchema,
  Order: p.OrderMessageSchema,
  Fill: p.FillMessageSchema,
  Error: p.ErrorMessageSchema,
  Pong: p.PongSchema,
  Heartbeat: p.HeartbeatSchema,
};

const DESCRIPTION = [
  'One WebSocket for live order books, tickers, trades and arbitrage opportunities of every venue, and the orders and fills of the venue accounts, at `/v1/ws` (alias `/ws`) on the same host and port as the REST API.',
  'Clients send JSON `subscribe`/`unsubscribe` (channel `book`, `ticker`, `trades` or `arbitrage`, markets as `venue:nativeId`; `"*"` on `arbitrage` for every opportunity), `resync` and `ping`; ids are echoed in the answers.',
  'The `orders` and `fills` channels are subscribed by venue (`venues`, or none for every venue of the key), only with an API key of the `trade` scope and only on its venues (else `forbidden`); their events are the REST API’s Order and Fill, from the venue’s private stream or, where a venue has none, by polling its REST listings (`source`).',
  'Book messages of a market carry a `seq` of their own per connection: 1 for the first (always a snapshot), then +1 for each snapshot, delta and stale notice, so a gap is never silent.',
  'A slow connection has its pending book updates folded into one fresh snapshot, its tickers into the latest, its trades counted in a `dropped` message; one that stays too slow is closed (4008).',
  'Prices and sizes are canonical decimal strings in YES terms.',
].join(' ');

function payload(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  return json;
}

function messages(set: Record<string, z.ZodType>) {
  return Object.fromEntries(
    Object.entries(set).map(([name, schema]) => [
      name,
      { name, title: name, contentType: 'application/json', ...(schema.description ? { summary: schema.description } : {}), payload: { $ref: `#/components/schemas/${name}` } },
    ]),
  );
}

export function buildFeedDocument(): Record<string, unknown> {
  const all = { ...CLIENT, ...SERVER };
  const refs = (set: Record<string, z.ZodType>) => Object.keys(set).map((name) => ({ $ref: `#/channels/feed/messages/${name}` }));
  return {
    asyncapi: '3.0.0',
    info: { title: 'Venn WebSocket feed', version: `${p.PROTOCOL_VERSION}.0.0`, description: DESCRIPTION },
    defaultContentType: 'application/json',
    servers: { local: { host: 'localhost:8080', protocol: 'ws', description: 'A Venn instance (the REST API’s host and port)' } },
    channels: {
      feed: {
        address: '/v1/ws',
        title: 'The unified feed',
        description: 'Also served at `/ws`. Authentication, when the service requires it: `Authorization: Bearer <key>`, `X-API-Key: <key>` or `?api_key=<key>` on the upgrade request.',
        messages: Object.fromEntries(Object.keys(all).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
      },
    },
    operations: {
      clientRequests: { action: 'receive', channel: { $ref: '#/channels/feed' }, summary: 'What a client sends', messages: refs(CLIENT) },
      serverMessages: { action: 'send', channel: { $ref: '#/channels/feed' }, summary: 'What the server sends', messages: refs(SERVER) },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(all).map(([name, schema]) => [name, payload(schema)])),
      messages: messages(all),
    },
    'x-error-codes': [...p.ERROR_CODES],
    'x-close-codes': { ...p.CLOSE_CODES },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function renderFeedDocument(): string {
  return `${JSON.stringify(buildFeedDocument(), null, 2)}\n`;
}
