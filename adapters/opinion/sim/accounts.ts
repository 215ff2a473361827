/**
 * Opinion accounts as the simulator keeps them (docs/venues/opinion.md §2): a registered wallet
 * (EOA) with its trading Safe (`multiSignAddress`, `walletUsers["56"]`), whether trading is
 * enabled (the Safe's approvals), and at most one API key. Keys issued through
 * `POST /auth/api-key` become valid after an activation delay (about 15 s at the venue); keys
 * given at start are valid at once. A key without a wallet answers 11001 on user endpoints.
 */
import { randomBytes } from 'node:crypto';
import { getAddress, keccak256, toUtf8Bytes } from 'ethers';

export interface Account {
  /** Checksummed EOA. */
  eoa: string;
  /** Checksummed Safe that holds the funds and is the maker of orders. */
  safe: string;
  tradingEnabled: boolean;
  apiKey: string | null;
  /** Epoch ms from which `apiKey` is accepted. */
  keyActiveAtMs: number;
}

export type KeyLookup = { ok: true; account: Account } | { ok: false; reason: 'invalid' | 'no_wallet' };

/** The simulated Safe of a wallet: a fixed, address-shaped function of the EOA. */
export function safeAddressOf(eoa: string): string {
  const digest = keccak256(toUtf8Bytes(`opinion-sim-safe:${eoa.toLowerCase()}`));
  return getAddress(`0x${digest.slice(-40)}`);
}

export class Accounts {
  private readonly byEoa = new Map<string, Account>();
  private readonly byKey = new Map<string, Account>();
  private readonly unbound = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly activationMs: number,
  ) {}

  /** Registers (or returns) the account of a wallet. */
  register(eoa: string, options: { tradingEnabled?: boolean } = {}): Account {
    const key = eoa.toLowerCase();
    let account = this.byEoa.get(key);
    if (!account) {
      const checksummed = getAddress(eoa);
      account = { eoa: checksummed, safe: safeAddressOf(checksummed), tradingEnabled: false, apiKey: null, keyActiveAtMs: 0 };
      this.byEoa.set(key, account);
    }
    if (options.tradingEnabled !== undefined) account.tradingEnabled = options.tradingEnabled;
    return account;
  }

  get(eoa: string): Account | undefined {
    return this.byEoa.get(eoa.toLowerCase());
  }

  /** Binds a given key to an account, valid at once (keys configured at start). */
  bindKey(account: Account, apiKey: string): void {
    if (account.apiKey) this.byKey.delete(account.apiKey);
    account.apiKey = apiKey;
    account.keyActiveAtMs = 0;
    this.byKey.set(apiKey, account);
  }

  /** Issues a new random key that becomes valid after the activation delay. */
  issueKey(account: Account): string {
    const apiKey = randomBytes(16).toString('hex');
    this.bindKey(account, apiKey);
    account.keyActiveAtMs = this.now() + this.activationMs;
    return apiKey;
  }

  revokeKey(account: Account): void {
    if (account.apiKey) this.byKey.delete(account.apiKey);
    account.apiKey = null;
  }

  /** A key that exists but belongs to no wallet (issued before wallet-linked keys). */
  addUnboundKey(apiKey: string): void {
    this.unbound.add(apiKey);
  }

  lookup(apiKey: string | undefined): KeyLookup {
    if (!apiKey) return { ok: false, reason: 'invalid' };
    if (this.unbound.has(apiKey)) return { ok: false, reason: 'no_wallet' };
    const account = this.byKey.get(apiKey);
    if (!account || this.now() < account.keyActiveAtMs) return { ok: false, reason: 'invalid' };
    return { ok: true, account };
  }
}
