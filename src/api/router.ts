/** A route group with the API's validation hook (a failed zod check becomes a 400 problem). */
import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from './errors.js';

export function newRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}
