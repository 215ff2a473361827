/**
 * Balances of the simulated venue per trading wallet (a Safe, or an EOA trading for itself): USDT
 * and outcome-token positions in wei (18 decimals), the part of each frozen by open orders
 * (`frozenBalance`, `sharesFrozen`, docs/venues/opinion.md §8), and the USDT cost basis of each
 * position for average entry prices.
 */

export interface Wallet {
  usdt: bigint;
  frozenUsdt: bigint;
  shares: Map<string, bigint>;
  frozenShares: Map<string, bigint>;
  /** USDT wei paid for the shares still held, per token. */
  cost: Map<string, bigint>;
}

export class Ledger {
  private readonly wallets = new Map<string, Wallet>();

  wallet(address: string): Wallet {
    const key = address.toLowerCase();
    let w = this.wallets.get(key);
    if (!w) {
      w = { usdt: 0n, frozenUsdt: 0n, shares: new Map(), frozenShares: new Map(), cost: new Map() };
      this.wallets.set(key, w);
    }
    return w;
  }

  credit(address: string, usdtWei: bigint): void {
    this.wallet(address).usdt += usdtWei;
  }

  availableUsdt(address: string): bigint {
    const w = this.wallet(address);
    return w.usdt - w.frozenUsdt;
  }

  availableShares(address: string, tokenId: string): bigint {
    const w = this.wallet(address);
    return (w.shares.get(tokenId) ?? 0n) - (w.frozenShares.get(tokenId) ?? 0n);
  }

  /** Freezes (positive) or releases (negative) USDT or shares of a token. */
  freeze(address: string, asset: 'usdt' | string, wei: bigint): void {
    const w = this.wallet(address);
    if (asset === 'usdt') w.frozenUsdt += wei;
    else w.frozenShares.set(asset, (w.frozenShares.get(asset) ?? 0n) + wei);
  }

  /** Buyer side of a fill: pays `usdtWei`, receives `sharesWei` of `tokenId`. */
  buy(address: string, tokenId: string, sharesWei: bigint, usdtWei: bigint): void {
    const w = this.wallet(address);
    w.usdt -= usdtWei;
    w.shares.set(tokenId, (w.shares.get(tokenId) ?? 0n) + sharesWei);
    w.cost.set(tokenId, (w.cost.get(tokenId) ?? 0n) + usdtWei);
  }

  /** Seller side of a fill: gives `sharesWei` of `tokenId`, receives `usdtWei`. */
  sell(address: string, tokenId: string, sharesWei: bigint, usdtWei: bigint): void {
    const w = this.wallet(address);
    const held = w.shares.get(tokenId) ?? 0n;
    const cost = w.cost.get(tokenId) ?? 0n;
    // The cost basis shrinks in proportion, so the average entry price of the rest is unchanged.
    w.cost.set(tokenId, held > 0n ? cost - (cost * sharesWei) / held : 0n);
    w.shares.set(tokenId, held - sharesWei);
    w.usdt += usdtWei;
  }

  /** Every non-zero position of a wallet. */
  *positions(address: string): Iterable<{ tokenId: string; shares: bigint; frozen: bigint; cost: bigint }> {
    const w = this.wallet(address);
    for (const [tokenId, shares] of w.shares) {
      if (shares > 0n) yield { tokenId, shares, frozen: w.frozenShares.get(tokenId) ?? 0n, cost: w.cost.get(tokenId) ?? 0n };
    }
  }
}
