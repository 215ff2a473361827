/**
 * Wallet-signed API-key management (docs/venues/opinion.md §2.2): `POST` (create), `GET` (read)
 * and `DELETE` (revoke) `/auth/api-key`, authenticated by the headers `OPINION_ADDRESS`,
 * `OPINION_SIGNATURE` and `OPINION_TIMESTAMP` instead of `apikey`. The signature is EIP-712
 * `OpinionApiKeyAuth{walletAddress, action, timestamp}` under `{name: "Opinion OpenAPI",
 * version: "1", chainId: 56}`, the action fixed by the method; it is valid five minutes around the
 * signed timestamp; `get` signatures may be reused within that window, `create` and `delete` ones
 * only once. The wallet must be a registered Opinion account; one active key per wallet.
 */
import { Hono, type Context } from 'hono';
import type { Account } from './accounts.js';
import { AUTH_SIGNATURE_TTL_S, ERRMSG, ERRNO } from './constants.js';
import type { SimContext } from './context.js';
import { seconds } from './format.js';
import { badParams, fail, ok } from './http.js';
import { apiKeyAuthDigest, signedBy } from './signatures.js';

type Action = 'create' | 'get' | 'delete';

export function authRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  const authenticate = (c: Context, action: Action): Account | Response => {
    const address = c.req.header('OPINION_ADDRESS');
    const signature = c.req.header('OPINION_SIGNATURE');
    const timestamp = c.req.header('OPINION_TIMESTAMP');
    if (!address || !signature || !timestamp) return badParams('OPINION_ADDRESS, OPINION_SIGNATURE and OPINION_TIMESTAMP are required');
    if (!/^0x[0-9a-fA-F]{40}$/.test(address) || !/^\d{1,12}$/.test(timestamp)) return badParams('malformed OPINION_ADDRESS or OPINION_TIMESTAMP');
    const nowS = seconds(ctx.now());
    if (Math.abs(nowS - Number(timestamp)) > AUTH_SIGNATURE_TTL_S) return fail(ERRNO.authExpired, ERRMSG.authExpired);
    if (!signedBy(apiKeyAuthDigest(address, action, timestamp), signature, address)) return fail(ERRNO.authBadSignature, ERRMSG.authBadSignature);
    const key = signature.toLowerCase();
    for (const [sig, expiry] of ctx.usedAuthSignatures) if (expiry < nowS) ctx.usedAuthSignatures.delete(sig);
    if (action !== 'get') {
      if (ctx.usedAuthSignatures.has(key)) return fail(ERRNO.authReused, ERRMSG.authReused);
      ctx.usedAuthSignatures.set(key, Number(timestamp) + AUTH_SIGNATURE_TTL_S);
    }
    const account = ctx.accounts.get(address);
    if (!account) return fail(ERRNO.notRegistered, ERRMSG.notRegistered);
    return account;
  };

  app.post('/auth/api-key', (c) => {
    const account = authenticate(c, 'create');
    if (account instanceof Response) return account;
    if (ctx.keyIssuanceDisabled) return fail(ERRNO.issuanceDisabled, ERRMSG.issuanceDisabled);
    if (account.apiKey) return fail(ERRNO.keyExists, ERRMSG.keyExists);
    return ok({ apiKey: ctx.accounts.issueKey(account), walletAddress: account.eoa });
  });

  app.get('/auth/api-key', (c) => {
    const account = authenticate(c, 'get');
    if (account instanceof Response) return account;
    if (!account.apiKey) return fail(ERRNO.noKey, ERRMSG.noKey);
    return ok({ apiKey: account.apiKey, walletAddress: account.eoa });
  });

  app.delete('/auth/api-key', (c) => {
    const account = authenticate(c, 'delete');
    if (account instanceof Response) return account;
    if (!account.apiKey) return fail(ERRNO.noKey, ERRMSG.noKey);
    ctx.accounts.revokeKey(account);
    return ok({ deleted: true });
  });

  return app;
}
