import { Wallet, verifyTypedData } from 'ethers';
import { describe, expect, it } from 'vitest';
import { CLOB_AUTH_TYPES, clobAuthDigest, clobAuthDomain, clobAuthValue, l1Headers } from './auth-l1.js';

// Hardhat account #0 — the key of the reference's §5.1 test vector (public, never funded).
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe('L1 ClobAuth (docs/venues/polymarket.md §5.1)', () => {
  it('reproduces the reference digest', () => {
    expect(clobAuthDigest({ address: ADDRESS, timestamp: 1700000000, nonce: 0, chainId: 137 })).toBe(
      '0xc85352894b3c41f3ea6152479d64b9233fbaf2de87eabc7e4bba3a161fd28493',
    );
  });

  it('reproduces the reference signature and headers', () => {
    const wallet = new Wallet(KEY);
    const headers = l1Headers(wallet, { chainId: 137, timestamp: 1700000000 });
    expect(headers).toEqual({
      POLY_ADDRESS: ADDRESS,
      POLY_SIGNATURE:
        '0x659ed4b28ae28e0f038fdf0023c00863c9559caacb9ebc83f44eea87059a099a36f1e1dee110e7faa1c4f65d17489b2da1333ebef78bbe2116d81207b975052d1c',
      POLY_TIMESTAMP: '1700000000',
      POLY_NONCE: '0',
    });
  });

  it('produces a signature that recovers to the signer with ethers verifyTypedData', () => {
    const wallet = Wallet.createRandom();
    const h = l1Headers(wallet, { chainId: 137, timestamp: 1712345678, nonce: 3 });
    const recovered = verifyTypedData(
      clobAuthDomain(137),
      CLOB_AUTH_TYPES,
      clobAuthValue({ address: wallet.address, timestamp: 1712345678, nonce: 3, chainId: 137 }),
      h.POLY_SIGNATURE,
    );
    expect(recovered).toBe(wallet.address);
    expect(h.POLY_NONCE).toBe('3');
  });
});
