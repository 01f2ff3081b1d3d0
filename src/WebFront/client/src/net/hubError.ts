// What a failed hub call means, from what SignalR hands the client. The server (WorkspaceHubErrorFilter) sends a
// HubException's message for a refusal and the same with a "[retryable] " tag for a transient cluster failure; any other
// server error arrives as SignalR's generic "An unexpected error occurred invoking 'X' on the server.", and a dropped
// connection as a transport error.

/** refused: the server said no (no access, bad input) and will say it again; retryable: a passing cluster failure; failed: anything else, of unknown outcome. */
export type HubErrorKind = 'refused' | 'retryable' | 'failed';

export class HubError extends Error {
  readonly kind: HubErrorKind;

  constructor(message: string, kind: HubErrorKind = 'failed') {
    super(message);
    this.name = 'HubError';
    this.kind = kind;
  }
}

const hubExceptionMarker = 'HubException: ';
const retryableMarker = '[retryable] ';

/** The error of a failed invocation, with only the message a person should see. */
export function toHubError(error: unknown): HubError {
  if (error instanceof HubError) {
    return error;
  }
  const text = error instanceof Error ? error.message : String(error);
  const at = text.lastIndexOf(hubExceptionMarker);
  if (at < 0) {
    return new HubError(text.replace(/^Error: /, ''), 'failed');
  }
  const message = text.slice(at + hubExceptionMarker.length).trim();
  return message.startsWith(retryableMarker)
    ? new HubError(message.slice(retryableMarker.length), 'retryable')
    : new HubError(message, 'refused');
}

/** True only when the server definitely refused the call; a retryable or unknown failure may succeed when tried again. */
export function isRefusal(error: unknown): boolean {
  return error instanceof HubError && error.kind === 'refused';
}
