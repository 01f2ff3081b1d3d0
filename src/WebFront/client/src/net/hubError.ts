// What a failed hub call means, from what SignalR hands the client. The server (WorkspaceHubErrorFilter) sends a
// HubException's message for a refusal and the same with a "[retryable] " tag for a transient cluster failure; any other
// server error arrives as SignalR's generic "An unexpected error occurred invoking 'X' on the server.", and a dropped
// connection as a transport error. Below that: how long to wait before trying a call again that was not refused.

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

/** The backoff after a failed hub call that was no refusal: 0.1 s, 0.2 s, 0.4 s ... then every 10 s, with jitter so tabs do not retry in step. */
export function retryDelayMs(attempt: number): number {
  return Math.min(maxRetryDelayMs, 100 * 2 ** attempt) + Math.random() * 100;
}

const maxRetryDelayMs = 10_000;

/**
 * The backoff between tries of a watching call (joining a workspace, watching its files or its agent): 1 s, 2 s, 4 s ...
 * then every 30 s, with up to 1 s of jitter. Slower than an edit's: the server has retried the call twice already, and
 * each try spends a permit of the user's hub rate limit, which a dashboard of many workspaces must not drain.
 */
export function watchRetryDelayMs(attempt: number): number {
  return Math.min(maxWatchRetryDelayMs, 1000 * 2 ** attempt) + Math.random() * 1000;
}

const maxWatchRetryDelayMs = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Makes a watching call until the server answers. A failure that is no refusal (a cluster failing over, a dropped call)
 * is tried again after watchRetryDelayMs for as long as goOn() holds, meaning the connection is up and the caller still
 * wants the answer; a refusal, or any failure once goOn() no longer holds, is thrown.
 */
export async function untilAnswered<T>(call: () => Promise<T>, goOn: () => boolean, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (isRefusal(error) || !goOn()) {
        throw error;
      }
    }
    await wait(watchRetryDelayMs(attempt));
    if (!goOn()) {
      throw new HubError('Stopped trying: the connection dropped or the answer is no longer wanted.');
    }
  }
}
