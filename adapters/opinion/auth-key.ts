import { getAddress } from 'ethers';
import type { Logger } from 'pino';
import { AuthenticationError, MissingCredentials, NotFound, PermissionDenied } from '../../src/core/index.js';
import { apiKeyAuthHeaders, type ApiKeyAction, type EoaKey } from './auth.js';
import type { ApiKeySource, OpinionClient } from './client.js';
import { VENUE } from './constants.js';
import { safeOf } from './map-account.js';

/**
 * The API key and the trading wallet (docs/venues/opinion.md §2). A configured key is used as is.
 * Without one, a wallet key is enough: the key is read with a `get`-signed `GET /auth/api-key`, or
 * created with a `create`-signed `POST` when the wallet has none, and then used once the venue
 * accepts it (a new key works about 15 s after creation: `GET /user/auth` is retried until then).
 * The Safe that trades for the wallet (signature type 2) is configured or read from
 * `GET /user/auth` (`walletUsers["56"]`). Keys never appear in logs or errors.
 */

export interface ApiKeyProviderOptions {
  client: () => OpinionClient;
  apiKey?: string | undefined;
  wallet?: EoaKey | undefined;
  /** How long to wait for a newly created key to start working (default 60 s). */
  activationTimeoutMs?: number;
  /** Between checks of a new key (default 2 s). */
  activationPollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger | undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ApiKeyProvider implements ApiKeySource {
  private key: string | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: ApiKeyProviderOptions) {
    this.key = o.apiKey;
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? defaultSleep;
  }

  /** Whether a key is configured or can be obtained with the wallet. */
  get available(): boolean {
    return this.key !== undefined || this.o.wallet !== undefined;
  }

  current(): string | undefined {
    return this.key;
  }

  get(): Promise<string> {
    if (this.key !== undefined) return Promise.resolve(this.key);
    if (!this.o.wallet) return Promise.reject(new MissingCredentials(VENUE, 'API key (set OPINION_API_KEY or OPINION_PRIVATE_KEY)'));
    if (!this.pending) {
      const attempt = this.obtain(this.o.wallet).then((k) => (this.key = k));
      this.pending = attempt;
      attempt.catch(() => {
        if (this.pending === attempt) this.pending = undefined;
      });
    }
    return this.pending;
  }

  private headers(wallet: EoaKey, action: ApiKeyAction) {
    return apiKeyAuthHeaders(wallet, action, this.now());
  }

  private async obtain(wallet: EoaKey): Promise<string> {
    const client = this.o.client();
    try {
      return (await client.getApiKey(this.headers(wallet, 'get'))).apiKey;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    const created = (await client.createApiKey(this.headers(wallet, 'create'))).apiKey;
    this.o.logger?.info({ venue: VENUE, wallet: getAddress(wallet.address) }, 'opinion: created an API key for the wallet; waiting for it to activate');
    await this.awaitActive(created);
    return created;
  }

  private async awaitActive(key: string): Promise<void> {
    const deadline = this.now() + (this.o.activationTimeoutMs ?? 60_000);
    for (;;) {
      try {
        await this.o.client().userAuth(key);
        return;
      } catch (err) {
        if (!(err instanceof AuthenticationError) || this.now() >= deadline) throw err;
      }
      await this.sleep(this.o.activationPollMs ?? 2_000);
    }
  }

  /** Reads the wallet's key (`get`), without creating one. */
  async read(): Promise<{ apiKey: string; walletAddress: string }> {
    return this.o.client().getApiKey(this.headers(this.requireWallet(), 'get'));
  }

  /** Creates a key for the wallet (`create`); the venue keeps one per wallet. */
  async create(): Promise<{ apiKey: string; walletAddress: string }> {
    const out = await this.o.client().createApiKey(this.headers(this.requireWallet(), 'create'));
    this.key = out.apiKey;
    return out;
  }

  /** Revokes the wallet's key (`delete`); the adapter forgets it. */
  async revoke(): Promise<boolean> {
    const out = await this.o.client().deleteApiKey(this.headers(this.requireWallet(), 'delete'));
    if (out.deleted && !this.o.apiKey) this.key = undefined;
    return out.deleted;
  }

  private requireWallet(): EoaKey {
    if (!this.o.wallet) throw new MissingCredentials(VENUE, 'API-key management (set OPINION_PRIVATE_KEY)');
    return this.o.wallet;
  }
}

/**
 * The trading wallet of signature type 2: configured, or the key's Safe on the chain from
 * `GET /user/auth` (cached once found).
 */
export class SafeResolver {
  private found: Promise<string> | undefined;

  constructor(
    private readonly client: () => OpinionClient,
    private readonly chainId: number,
    private readonly configured?: string,
  ) {}

  get(): Promise<string> {
    if (this.configured) return Promise.resolve(getAddress(this.configured));
    if (!this.found) {
      const attempt = this.lookup();
      this.found = attempt;
      attempt.catch(() => {
        if (this.found === attempt) this.found = undefined;
      });
    }
    return this.found;
  }

  private async lookup(): Promise<string> {
    const auth = await this.client().userAuth();
    const safe = safeOf(auth.walletUsers, this.chainId);
    if (!safe) {
      throw new PermissionDenied(`${VENUE}: the wallet has no trading Safe on chain ${this.chainId} yet; enable trading on opinion.trade, or trade from the EOA with OPINION_SIGNATURE_TYPE=0`, {
        venue: VENUE,
        endpoint: 'GET /user/auth',
      });
    }
    return getAddress(safe);
  }
}
