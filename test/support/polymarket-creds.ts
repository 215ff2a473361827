/** L2 credentials of a wallet from a Polymarket simulator, created through L1 as a client does. */
import { l1Headers, type EoaSigner } from '../../adapters/polymarket/auth-l1.js';
import type { ApiCredentials } from '../../adapters/polymarket/index.js';
import { POLYGON_CHAIN_ID } from '../../adapters/polymarket/order-build.js';

export async function createL2Credentials(clobUrl: string, wallet: EoaSigner): Promise<ApiCredentials> {
  const res = await fetch(`${clobUrl}/auth/api-key`, { method: 'POST', headers: l1Headers(wallet, { chainId: POLYGON_CHAIN_ID }) });
  if (res.status !== 200) throw new Error(`creating L2 credentials failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { apiKey: string; secret: string; passphrase: string };
  return { apiKey: body.apiKey, secret: body.secret, passphrase: body.passphrase };
}
