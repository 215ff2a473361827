/**
 * Wallet balances of the simulated venue: pUSD collateral and outcome-token positions per funder
 * address, in 6-decimal base units (integers), with the amounts reserved by open orders.
 * "Allowance" is modelled as a flag set when a wallet is funded (approvals done).
 */

export interface Wallet {
  collateral: bigint;
  reservedCollateral: bigint;
  positions: Map<string, bigint>;
  reservedTokens: Map<string, bigint>;
  /** Cost basis per token (base units of pUSD paid), for Data API average prices. */
  costBasis: Map<string, bigint>;
  approved: boolean;
}

export class Ledger {
  private readonly wallets = new Map<string, Wallet>();

  wallet(address: string): Wallet {
    const key = address.toLowerCase();
    let w = this.wallets.get(key);
    if (!w) {
      w = { collateral: 0n, reservedCollateral: 0n, positions: new Map(), reservedTokens: new Map(), costBasis: new Map(), approved: false };
      this.wallets.set(key, w);
    }
    return w;
  }

  addresses(): string[] {
    return [...this.wallets.keys()];
  }

  /** Credits pUSD and approves the exchanges (the `--fund` / `fund()` action). */
  fund(address: string, units: bigint): void {
    const w = this.wallet(address);
    w.collateral += units;
    w.approved = true;
  }

  availableCollateral(address: string): bigint {
    const w = this.wallet(address);
    return w.approved ? w.collateral - w.reservedCollateral : 0n;
  }

  availableTokens(address: string, tokenId: string): bigint {
    const w = this.wallet(address);
    if (!w.approved) return 0n;
    return (w.positions.get(tokenId) ?? 0n) - (w.reservedTokens.get(tokenId) ?? 0n);
  }

  reserve(address: string, asset: 'collateral' | string, units: bigint): void {
    const w = this.wallet(address);
    if (asset === 'collateral') w.reservedCollateral += units;
    else w.reservedTokens.set(asset, (w.reservedTokens.get(asset) ?? 0n) + units);
  }

  release(address: string, asset: 'collateral' | string, units: bigint): void {
    this.reserve(address, asset, -units);
  }

  /** Buyer side of a fill: pays `cost` pUSD, receives `shares` of `tokenId`. */
  buy(address: string, tokenId: string, shares: bigint, cost: bigint): void {
    const w = this.wallet(address);
    w.collateral -= cost;
    w.positions.set(tokenId, (w.positions.get(tokenId) ?? 0n) + shares);
    w.costBasis.set(tokenId, (w.costBasis.get(tokenId) ?? 0n) + cost);
  }

  /** Seller side of a fill: gives `shares` of `tokenId`, receives `proceeds` pUSD. */
  sell(address: string, tokenId: string, shares: bigint, proceeds: bigint): void {
    const w = this.wallet(address);
    const held = w.positions.get(tokenId) ?? 0n;
    const basis = w.costBasis.get(tokenId) ?? 0n;
    // Reduce the cost basis proportionally so the average price of what is left is unchanged.
    w.costBasis.set(tokenId, held > 0n ? basis - (basis * shares) / held : 0n);
    w.positions.set(tokenId, held - shares);
    w.collateral += proceeds;
  }

  /** Debits a fee in pUSD. */
  charge(address: string, units: bigint): void {
    this.wallet(address).collateral -= units;
  }

  /**
   * Undoes one side of a failed trade: a buyer gets its collateral and fee back and loses the
   * shares; a seller gets its shares back and returns the proceeds less the fee it paid. The cost
   * basis of a seller's shares is not restored (the Data API's average price may drift after it).
   */
  revert(move: { address: string; tokenId: string; buy: boolean; shares: bigint; collateral: bigint; fee: bigint }): void {
    const w = this.wallet(move.address);
    const held = w.positions.get(move.tokenId) ?? 0n;
    if (move.buy) {
      w.positions.set(move.tokenId, held - move.shares);
      w.costBasis.set(move.tokenId, (w.costBasis.get(move.tokenId) ?? 0n) - move.collateral);
      w.collateral += move.collateral + move.fee;
    } else {
      w.positions.set(move.tokenId, held + move.shares);
      w.collateral += move.fee - move.collateral;
    }
  }

  /** Settles a resolved market: each winning share pays 1 pUSD, losing shares are worth 0. */
  redeem(winningTokenId: string, losingTokenId: string): void {
    for (const w of this.wallets.values()) {
      const won = w.positions.get(winningTokenId) ?? 0n;
      if (won > 0n) w.collateral += won;
      for (const t of [winningTokenId, losingTokenId]) {
        w.positions.delete(t);
        w.costBasis.delete(t);
        w.reservedTokens.delete(t);
      }
    }
  }

  /** Every (address, tokenId, shares) with a non-zero position. */
  *positions(address?: string): Iterable<{ address: string; tokenId: string; shares: bigint; cost: bigint }> {
    for (const [addr, w] of this.wallets) {
      if (address !== undefined && addr !== address.toLowerCase()) continue;
      for (const [tokenId, shares] of w.positions) {
        if (shares !== 0n) yield { address: addr, tokenId, shares, cost: w.costBasis.get(tokenId) ?? 0n };
      }
    }
  }
}
