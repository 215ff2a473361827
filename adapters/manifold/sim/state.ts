/**
 * The simulator's store: users, contracts, bets, positions and open limit orders, plus the event
 * stream the WebSocket layer turns into broadcasts. Ids are drawn from a seeded generator, so a
 * given seed and sequence of requests always produces the same ids.
 */
import { createRng, type Rng } from '../../../src/sim/rng.js';
import type { Outcome } from './cpmm.js';
import { ZERO, type Fx } from './fx.js';
import { isOpenLimit, type SimAnswer, type SimBet, type SimContract, type SimUser } from './model.js';

export type SimEvent =
  /** Rows inserted (`contract/{id}/new-bet`). */
  | { type: 'new-bets'; contract: SimContract; bets: SimBet[] }
  /** Limit orders placed, filled as makers or cancelled (`contract/{id}/orders`). */
  | { type: 'orders'; contract: SimContract; bets: SimBet[] }
  /** Pool, volume and bettor changes after trades (`contract/{id}`, `…/updated-answers`). */
  | { type: 'contract'; contract: SimContract; answers: SimAnswer[] }
  /** A balance change (`user/{id}`). */
  | { type: 'user'; user: SimUser };

export interface Position {
  userId: string;
  contractId: string;
  answerId: string | undefined;
  shares: Record<Outcome, Fx>;
  /** Mana put in by buys (positive amounts, redemptions excluded). */
  totalAmountInvested: Fx;
  /** Mana taken out by sales (redemptions excluded). */
  totalAmountSold: Fx;
  /** Net mana: all bet amounts, including sales and redemptions. */
  netAmount: Fx;
  lastBetTime: number;
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class ManifoldState {
  readonly users = new Map<string, SimUser>();
  readonly usersByUsername = new Map<string, SimUser>();
  readonly usersByKey = new Map<string, SimUser>();
  readonly contracts = new Map<string, SimContract>();
  readonly contractsBySlug = new Map<string, SimContract>();
  readonly answers = new Map<string, SimAnswer>();
  readonly bets = new Map<string, SimBet>();
  /** Every bet in insertion (creation) order. */
  readonly betList: SimBet[] = [];
  readonly betsByContract = new Map<string, SimBet[]>();
  private readonly positions = new Map<string, Position>();
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private readonly idRng: Rng;

  constructor(
    seed: number | string,
    readonly now: () => number,
  ) {
    this.idRng = createRng(`manifold:${seed}:ids`);
  }

  /** A random id of `length` characters from the venue's alphabet (12 for bets, 10 for contracts). */
  newId(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ID_ALPHABET[this.idRng.int(0, ID_ALPHABET.length - 1)];
    return out;
  }

  on(listener: (e: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SimEvent): void {
    for (const l of this.listeners) l(event);
  }

  addUser(user: SimUser): void {
    if (this.usersByUsername.has(user.username)) throw new Error(`username ${user.username} already exists`);
    if (user.apiKey !== undefined && this.usersByKey.has(user.apiKey)) throw new Error('API key already in use');
    this.users.set(user.id, user);
    this.usersByUsername.set(user.username, user);
    if (user.apiKey !== undefined) this.usersByKey.set(user.apiKey, user);
  }

  addContract(contract: SimContract): void {
    this.contracts.set(contract.id, contract);
    this.contractsBySlug.set(contract.slug, contract);
    for (const a of contract.answers ?? []) this.answers.set(a.id, a);
    this.betsByContract.set(contract.id, []);
  }

  user(id: string): SimUser {
    const u = this.users.get(id);
    if (!u) throw new Error(`unknown user ${id}`);
    return u;
  }

  insertBet(bet: SimBet): void {
    this.bets.set(bet.id, bet);
    this.betList.push(bet);
    this.betsByContract.get(bet.contractId)?.push(bet);
    this.applyToPosition(bet.userId, bet.contractId, bet.answerId, bet.outcome, bet.shares, bet.amount, bet.isRedemption, bet.createdTime);
  }

  /** Records shares and mana a maker received on an existing order. */
  applyMakerFill(bet: SimBet, shares: Fx, amount: Fx, at: number): void {
    this.applyToPosition(bet.userId, bet.contractId, bet.answerId, bet.outcome, shares, amount, false, at);
  }

  private applyToPosition(userId: string, contractId: string, answerId: string | undefined, outcome: Outcome, shares: Fx, amount: Fx, redemption: boolean, at: number): void {
    const key = `${userId}|${contractId}|${answerId ?? ''}`;
    let p = this.positions.get(key);
    if (!p) {
      p = { userId, contractId, answerId, shares: { YES: ZERO, NO: ZERO }, totalAmountInvested: ZERO, totalAmountSold: ZERO, netAmount: ZERO, lastBetTime: at };
      this.positions.set(key, p);
    }
    p.shares[outcome] += shares;
    p.netAmount += amount;
    if (!redemption) {
      if (amount > 0n) p.totalAmountInvested += amount;
      else p.totalAmountSold -= amount;
    }
    p.lastBetTime = Math.max(p.lastBetTime, at);
  }

  position(userId: string, contractId: string, answerId: string | undefined): Position | undefined {
    return this.positions.get(`${userId}|${contractId}|${answerId ?? ''}`);
  }

  positionsOf(filter: { contractId?: string; userId?: string }): Position[] {
    return [...this.positions.values()].filter((p) => (filter.contractId === undefined || p.contractId === filter.contractId) && (filter.userId === undefined || p.userId === filter.userId));
  }

  /** Open limit orders of a contract (optionally one answer), in creation order. */
  openOrders(contractId: string, answerId?: string): SimBet[] {
    return (this.betsByContract.get(contractId) ?? []).filter((b) => isOpenLimit(b) && (answerId === undefined || b.answerId === answerId));
  }

  /** Balances of the users behind `orders` (the matcher fills makers up to their balance). */
  balancesOf(orders: readonly SimBet[]): Map<string, Fx> {
    const out = new Map<string, Fx>();
    for (const o of orders) out.set(o.userId, this.user(o.userId).balance);
    return out;
  }
}
