/**
 * The simulator's stored state of Manifold objects (docs/venues/manifold.md §Market objects,
 * §Bets). Amounts, shares and probabilities are fixed-point (`Fx`); times are epoch ms. The wire
 * shapes are produced from these by `format.ts`.
 */
import type { Fx } from './fx.js';
import type { Outcome, Pool } from './cpmm.js';

export type OutcomeType =
  | 'BINARY'
  | 'MULTIPLE_CHOICE'
  | 'PSEUDO_NUMERIC'
  | 'STONK'
  | 'POLL'
  | 'BOUNTIED_QUESTION'
  | 'NUMBER'
  | 'MULTI_NUMERIC'
  | 'DATE';
export type Mechanism = 'cpmm-1' | 'cpmm-multi-1' | 'none';

export interface SimUser {
  id: string;
  username: string;
  name: string;
  createdTime: number;
  balance: Fx;
  totalDeposits: Fx;
  apiKey?: string;
  isBot: boolean;
  lastBetTime?: number;
}

export interface SimAnswer {
  id: string;
  index: number;
  contractId: string;
  userId: string;
  text: string;
  createdTime: number;
  poolYes: Fx;
  poolNo: Fx;
  totalLiquidity: Fx;
  subsidyPool: Fx;
  volume: Fx;
  isOther: boolean;
  resolution?: 'YES' | 'NO' | 'MKT' | 'CANCEL';
  resolutionTime?: number;
  resolutionProbability?: Fx;
  resolverId?: string;
}

export interface SimContract {
  id: string;
  slug: string;
  question: string;
  description: string;
  creatorId: string;
  createdTime: number;
  closeTime?: number;
  outcomeType: OutcomeType;
  mechanism: Mechanism;
  /** cpmm-1 only. */
  pool?: Pool;
  p?: Fx;
  totalLiquidity?: Fx;
  volume: Fx;
  /** Volume of the day before the simulator started (generated history). */
  volume24hBase: Fx;
  isResolved: boolean;
  resolution?: string;
  resolutionTime?: number;
  resolutionProbability?: Fx;
  resolverId?: string;
  bettors: Set<string>;
  lastUpdatedTime: number;
  lastBetTime?: number;
  lastCommentTime?: number;
  groupSlugs: string[];
  visibility: 'public' | 'unlisted';
  coverImageUrl?: string;
  /** cpmm-multi-1 only. */
  answers?: SimAnswer[];
  shouldAnswersSumToOne?: boolean;
  addAnswersMode?: 'ANYONE' | 'ONLY_CREATOR' | 'DISABLED';
  /** PSEUDO_NUMERIC. */
  min?: number;
  max?: number;
  isLogScale?: boolean;
  /** POLL. */
  options?: { text: string; votes: number }[];
  /** BOUNTIED_QUESTION. */
  totalBounty?: Fx;
  bountyLeft?: Fx;
}

export interface SimFill {
  /** null: filled by the AMM; otherwise the matched limit order (or, on a maker, the taker bet). */
  matchedBetId: string | null;
  amount: Fx;
  shares: Fx;
  timestamp: number;
  isSale?: boolean;
}

export interface SimBet {
  id: string;
  userId: string;
  contractId: string;
  answerId?: string;
  createdTime: number;
  updatedTime: number;
  /** Mana spent (filled) so far; negative for sales. */
  amount: Fx;
  shares: Fx;
  outcome: Outcome;
  probBefore: Fx;
  probAfter: Fx;
  loanAmount: Fx;
  isApi?: boolean;
  isRedemption: boolean;
  betGroupId?: string;
  visibility: 'public' | 'unlisted';
  replyToCommentId?: string;
  /** Set on every bet placed through `POST /bet` and on sales. */
  orderAmount?: Fx;
  limitProb?: Fx;
  isFilled?: boolean;
  isCancelled?: boolean;
  fills?: SimFill[];
  expiresAt?: number;
  silent?: boolean;
}

/** An open limit order: a bet with a limit price that is neither filled nor cancelled. */
export function isOpenLimit(b: SimBet): boolean {
  return b.limitProb !== undefined && b.isFilled === false && b.isCancelled === false;
}
