import { constants, generateKeyPairSync, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKalshiAdapter } from './index.js';
import { HEADER_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP, KalshiKeyError, KalshiSigner, loadPrivateKey, pathOnly } from './auth.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const dir = mkdtempSync(join(tmpdir(), 'kalshi-auth-'));
const keyFile = join(dir, 'key.pem');
writeFileSync(keyFile, pkcs8);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verifies(pub: KeyObject, message: string, signature: string, saltLength: number): boolean {
  return verify('sha256', Buffer.from(message), { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, Buffer.from(signature, 'base64'));
}

describe('kalshi request signing', () => {
  it('signs timestamp + METHOD + full path (no query) with RSA-PSS SHA-256, salt 32', () => {
    const signer = new KalshiSigner({ keyId: 'key-1', privateKey: pkcs1 }, () => 1703123456789);
    const h = signer.headers('get', '/trade-api/v2/portfolio/balance?limit=5');
    expect(h[HEADER_KEY]).toBe('key-1');
    expect(h[HEADER_TIMESTAMP]).toBe('1703123456789');
    const sig = h[HEADER_SIGNATURE] as string;
    expect(verifies(publicKey, '1703123456789GET/trade-api/v2/portfolio/balance', sig, 32)).toBe(true);
    // The query string is not part of the message; neither is a different salt length.
    expect(verifies(publicKey, '1703123456789GET/trade-api/v2/portfolio/balance?limit=5', sig, 32)).toBe(false);
    expect(verifies(publicKey, '1703123456789GET/trade-api/v2/portfolio/balance', sig, 64)).toBe(false);
  });

  it('accepts PKCS#1 and PKCS#8 PEMs, inline or from a file, to the same key', () => {
    const msg = '1GET/trade-api/ws/v2';
    for (const source of [pkcs1, pkcs8, keyFile]) {
      const signer = new KalshiSigner({ keyId: 'k', privateKey: source }, () => 1);
      expect(verifies(publicKey, msg, signer.headers('GET', '/trade-api/ws/v2')[HEADER_SIGNATURE] as string, 32)).toBe(true);
    }
  });

  it('fails clearly on an unreadable, non-PEM, corrupt or non-RSA key without echoing key material', () => {
    const corrupt = pkcs8.replace(/[A-Za-z]{20}/, 'AAAAAAAAAAAAAAAAAAAA');
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const notPem = join(dir, 'not-pem.txt');
    writeFileSync(notPem, 'hello');
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.pem'), /cannot read the private key file .*missing\.pem.*ENOENT/],
      [notPem, /is not a PEM file/],
      [corrupt, /inline private key is not a valid PEM private key/],
      [ed, /is a ed25519 key; Kalshi API keys are RSA/],
    ];
    for (const [source, pattern] of cases) {
      let err: unknown;
      try {
        loadPrivateKey(source);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KalshiKeyError);
      const text = `${(err as Error).message} ${JSON.stringify(err)}`;
      expect(text).toMatch(pattern);
      expect(text).not.toContain('BEGIN');
      expect(text).not.toContain(pkcs8.split('\n')[1]?.slice(0, 16));
    }
    expect(() => new KalshiSigner({ keyId: ' ', privateKey: pkcs8 })).toThrow(/API key id is required/);
  });

  it('an adapter with a bad key fails at construction with the same clear error', () => {
    expect(() => createKalshiAdapter({ credentials: { keyId: 'k', privateKey: join(dir, 'nope.pem') } })).toThrow(KalshiKeyError);
    // A mangled inline key (no PEM header) is not echoed back.
    const body = pkcs8.split('\n').slice(1, 4).join('');
    let err: unknown;
    try {
      createKalshiAdapter({ credentials: { keyId: 'k', privateKey: body } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KalshiKeyError);
    expect((err as Error).message).toMatch(/value not shown/);
    expect((err as Error).message).not.toContain(body.slice(0, 12));
  });

  it('never serializes the key', () => {
    const signer = new KalshiSigner({ keyId: 'key-9', privateKey: pkcs8 });
    const json = JSON.stringify(signer);
    expect(json).toBe('{"keyId":"key-9","privateKey":"[redacted]"}');
  });

  it('pathOnly strips a query string', () => {
    expect(pathOnly('/trade-api/v2/markets?limit=1')).toBe('/trade-api/v2/markets');
    expect(pathOnly('/trade-api/v2/markets')).toBe('/trade-api/v2/markets');
  });
});
