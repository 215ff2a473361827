/** Hono environment of the Kalshi simulator app: the authenticated user, when any. */
export interface SimEnv {
  Variables: { userId: string; keyId: string };
}
