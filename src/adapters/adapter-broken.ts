/** The adapter stopped speaking the protocol: it crashed, hung, printed garbage or answered the wrong id. */
export class AdapterBroken extends Error {
  override name = 'AdapterBroken';

  constructor(
    message: string,
    /** The last lines the implementation wrote on stderr, for the report. */
    readonly stderrTail: string,
  ) {
    super(message);
  }
}
