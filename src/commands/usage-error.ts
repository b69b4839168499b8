/** A mistake in how the command was called; exits with the usage/spec code. */
export class UsageError extends Error {
  override name = 'UsageError';
}
