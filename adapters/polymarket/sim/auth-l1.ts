/**
 * L1 authentication (docs/venues/polymarket.md §5.1): an EIP-712 `ClobAuth` signature by the wallet,
 * sent as POLY_ADDRESS / POLY_SIGNATURE / POLY_TIMESTAMP / POLY_NONCE, and the deterministic API
 * credentials the simulator issues per (address, nonce).
 */
import { createHmac } from 'node:crypto';
import { TypedDataEncoder, getAddress, recoverAddress } from 'ethers';
import { CLOB_AUTH_DOMAIN, CLOB_AUTH_MESSAGE, CLOB_AUTH_TYPES } from './constants.js';

/** Allowed clock skew for POLY_TIMESTAMP (the venue does not document it; §12.1). */
export const MAX_AUTH_SKEW_S = 60;

export interface ApiCredentials {
  apiKey: string;
  secret: string;
  passphrase: string;
}

export interface ApiKeyRecord extends ApiCredentials {
  /** Checksummed EOA that owns the key. */
  address: string;
  nonce: string;
}

export type HeaderGetter = (name: string) => string | undefined;

/** The EIP-712 digest of a ClobAuth message. */
export function clobAuthDigest(address: string, timestamp: string, nonce: bigint | number | string): string {
  return TypedDataEncoder.hash(CLOB_AUTH_DOMAIN, CLOB_AUTH_TYPES, {
    address,
    timestamp,
    nonce: BigInt(nonce),
    message: CLOB_AUTH_MESSAGE,
  });
}

/**
 * Verifies L1 headers and returns the checksummed signer address and nonce, or undefined when the
 * headers are missing, malformed, stale or signed by another key.
 */
export function verifyL1(header: HeaderGetter, nowMs: number): { address: string; nonce: string } | undefined {
  const address = header('POLY_ADDRESS');
  const signature = header('POLY_SIGNATURE');
  const timestamp = header('POLY_TIMESTAMP');
  const nonce = header('POLY_NONCE') ?? '0';
  if (!address || !signature || !timestamp) return undefined;
  if (!/^\d{1,12}$/.test(timestamp) || !/^\d{1,30}$/.test(nonce)) return undefined;
  if (Math.abs(Number(timestamp) - Math.floor(nowMs / 1000)) > MAX_AUTH_SKEW_S) return undefined;
  try {
    const checksummed = getAddress(address);
    const recovered = recoverAddress(clobAuthDigest(checksummed, timestamp, nonce), signature);
    if (recovered !== checksummed) return undefined;
    return { address: checksummed, nonce: BigInt(nonce).toString() };
  } catch {
    return undefined;
  }
}

/** Formats 16 bytes as a UUID (version/variant bits set like a v4 UUID). */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Issues and looks up API keys. Credentials are a pure function of (server secret, address,
 * nonce), so deriving twice returns the identical triple, as on the venue.
 */
export class ApiKeyStore {
  private readonly byKey = new Map<string, ApiKeyRecord>();
  private readonly byOwner = new Map<string, ApiKeyRecord>();

  constructor(private readonly serverSecret: string) {}

  private credentialsFor(address: string, nonce: string): ApiKeyRecord {
    const mac = (label: string) =>
      createHmac('sha256', this.serverSecret).update(`${label}:${address.toLowerCase()}:${nonce}`).digest();
    return {
      apiKey: uuidFrom(mac('key')),
      // base64url alphabet, padding kept (the SDKs re-pad before decoding).
      secret: mac('secret').toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
      passphrase: mac('passphrase').toString('hex'),
      address,
      nonce,
    };
  }

  /** `POST /auth/api-key`: undefined when a key already exists for (address, nonce). */
  create(address: string, nonce: string): ApiKeyRecord | undefined {
    const owner = `${address.toLowerCase()}:${nonce}`;
    if (this.byOwner.has(owner)) return undefined;
    return this.register(owner, address, nonce);
  }

  /** `GET /auth/derive-api-key`: the same triple every time for (address, nonce). */
  derive(address: string, nonce: string): ApiKeyRecord {
    const owner = `${address.toLowerCase()}:${nonce}`;
    return this.byOwner.get(owner) ?? this.register(owner, address, nonce);
  }

  get(apiKey: string): ApiKeyRecord | undefined {
    return this.byKey.get(apiKey);
  }

  /** Deletes a key (`DELETE /auth/api-key`); a later derive issues the same triple again. */
  delete(apiKey: string): boolean {
    const record = this.byKey.get(apiKey);
    if (!record) return false;
    this.byKey.delete(apiKey);
    this.byOwner.delete(`${record.address.toLowerCase()}:${record.nonce}`);
    return true;
  }

  keysOf(address: string): string[] {
    const lower = address.toLowerCase();
    return [...this.byKey.values()].filter((r) => r.address.toLowerCase() === lower).map((r) => r.apiKey);
  }

  private register(owner: string, address: string, nonce: string): ApiKeyRecord {
    const record = this.credentialsFor(address, nonce);
    this.byKey.set(record.apiKey, record);
    this.byOwner.set(owner, record);
    return record;
  }
}
