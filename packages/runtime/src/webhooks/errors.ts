/** A request a webhook route refuses before any handler runs: the server answers `status` with `message` as text. */
export class WebhookRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRequestError';
  }
}
