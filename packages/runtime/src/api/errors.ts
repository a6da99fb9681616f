/** A non-2xx answer from the apiserver, with its Status reason and message. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;
  readonly body: unknown;
  constructor(status: number, method: string, path: string, body: unknown) {
    const statusBody = typeof body === 'object' && body !== null ? (body as { reason?: string; message?: string }) : undefined;
    super(
      `${method} ${path}: HTTP ${status}${statusBody?.message ? ` ${statusBody.message}` : typeof body === 'string' && body ? ` ${body.slice(0, 200)}` : ''}`,
    );
    this.name = 'ApiError';
    this.status = status;
    this.reason = statusBody?.reason;
    this.body = body;
  }
}

/** The apiserver could not be reached (refused, reset, timed out) after all retries. */
export class ApiUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiUnavailableError';
  }
}
