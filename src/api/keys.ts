/**
 * `/v1/keys`: API key management with an `admin` key (the same store as `npm run keys`). A created
 * key's secret is in the creation answer only.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import { KeyIdSchema, KeyRateLimitSchema, ScopeSchema, TradingLimitsSchema, publicInfo } from '../auth/keys.js';
import type { KeyStore } from '../auth/key-store.js';
import { VenueIdSchema } from '../core/index.js';
import { requireScope } from './auth.js';
import type { AppDeps } from './deps.js';
import { ApiProblem, ResourceNotFound } from './errors.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';
import { VenueIdComponent } from './schemas.js';

const security = [{ bearerAuth: [] }];
const json = <T>(schema: T) => ({ 'application/json': { schema } });

const LimitsComponent = TradingLimitsSchema.clone().openapi('TradingLimits');
const RateComponent = KeyRateLimitSchema.clone().openapi('KeyRateLimit');
const ScopeComponent = ScopeSchema.clone().openapi('Scope');

const KeyInfoSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    scopes: z.array(ScopeComponent),
    venues: z.array(VenueIdComponent).nullable().openapi({ description: 'Venues a trade key may trade on; null = all' }),
    limits: LimitsComponent,
    rateLimit: RateComponent.nullable(),
    createdAt: z.string(),
    source: z.enum(['store', 'env', 'file']),
  })
  .openapi('ApiKey');

const CreateKeySchema = z
  .strictObject({
    scopes: z.array(ScopeComponent).min(1),
    venues: z.array(VenueIdSchema.clone()).min(1).optional(),
    name: z.string().max(100).optional(),
    limits: LimitsComponent.optional(),
    rateLimit: RateComponent.optional(),
  })
  .openapi('CreateApiKey');

const CreatedKeySchema = z
  .object({ key: z.string().openapi({ description: 'The secret: shown here once, never again' }), info: KeyInfoSchema })
  .openapi('CreatedApiKey');

const problems = problemResponses(400, 401, 403, 404, 429, 500);

const listRoute = createRoute({
  method: 'get',
  path: '/v1/keys',
  tags: ['keys'],
  security,
  summary: 'List API keys',
  responses: { 200: { description: 'Every key (never a secret)', content: json(z.object({ data: z.array(KeyInfoSchema) })) }, ...problems },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/keys',
  tags: ['keys'],
  security,
  summary: 'Create an API key',
  request: { body: { required: true, content: json(CreateKeySchema) } },
  responses: { 201: { description: 'The key, with its secret (shown once)', content: json(CreatedKeySchema) }, ...problems },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  tags: ['keys'],
  security,
  summary: 'Revoke an API key',
  request: { params: z.object({ id: KeyIdSchema.clone().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Revoked' }, ...problems },
});

function storeOf(deps: AppDeps): KeyStore {
  if (!deps.keys) throw new ApiProblem({ status: 501, code: 'not_supported', detail: 'key management is not configured on this server' });
  return deps.keys;
}

export function keyRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();

  app.openapi(listRoute, async (c) => {
    requireScope(c, 'admin');
    return c.json({ data: (await storeOf(deps).list()).map(publicInfo) }, 200);
  });

  app.openapi(createKeyRoute, async (c) => {
    const admin = requireScope(c, 'admin');
    const body = c.req.valid('json');
    const { token, record } = await storeOf(deps).create({
      scopes: body.scopes,
      venues: body.venues ?? null,
      name: body.name ?? null,
      limits: body.limits ?? {},
      rateLimit: body.rateLimit ?? null,
    });
    deps.logger.info({ audit: 'key', action: 'create', by: admin.keyId, keyId: record.id, scopes: record.scopes, venues: record.venues }, 'api key created');
    return c.json({ key: token, info: publicInfo(record) }, 201);
  });

  app.openapi(revokeRoute, async (c) => {
    const admin = requireScope(c, 'admin');
    const id = c.req.valid('param').id;
    if (!(await storeOf(deps).revoke(id))) throw new ResourceNotFound(`no API key ${id}`);
    deps.logger.info({ audit: 'key', action: 'revoke', by: admin.keyId, keyId: id }, 'api key revoked');
    return c.body(null, 204);
  });

  return app;
}
