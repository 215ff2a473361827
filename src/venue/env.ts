import { z } from 'zod';

/**
 * Building blocks for environment-variable schemas, shared by the service configuration and every
 * venue module. Empty strings count as unset, so `FOO=` in an env file falls back to the default.
 * Messages never echo the value: it may be a secret.
 */

export const optionalVar = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const intVar = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const urlVar = (protocols: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

export const httpUrlVar = () => urlVar(['http:', 'https:']);
export const wsUrlVar = () => urlVar(['ws:', 'wss:']);

/** A variable's problem, named by the variable. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** zod issues → one problem per issue, named by the variable (the first path segment). */
export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    let message = issue.message;
    if (issue.code === 'invalid_value' && 'values' in issue) {
      message = `must be one of ${(issue.values as unknown[]).map(String).join(', ')}`;
    }
    return { variable, message };
  });
}
