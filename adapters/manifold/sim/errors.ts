/**
 * The venue's error: a status and `{"message": string, "details"?: unknown}`
 * (docs/venues/manifold.md §Errors).
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  body(): { message: string; details?: unknown } {
    return this.details === undefined ? { message: this.message } : { message: this.message, details: this.details };
  }
}

export const UNEXPECTED_ERROR = 'An unexpected error occurred. Please try again, and report it if it persists.';
