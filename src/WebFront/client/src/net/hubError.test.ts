import { describe, expect, it } from 'vitest';
import { HubError, isRefusal, toHubError } from './hubError';

describe('toHubError', () => {
  it('keeps only the message of a HubException, as a refusal', () => {
    const error = toHubError(new Error("An unexpected error occurred invoking 'SendInput' on the server. HubException: you need write access to type in this terminal"));
    expect(error.message).toBe('you need write access to type in this terminal');
    expect(error.kind).toBe('refused');
    expect(isRefusal(error)).toBe(true);
  });

  it('recognises the retryable error of a transient cluster failure', () => {
    const error = toHubError(
      new Error("An unexpected error occurred invoking 'PushDocumentUpdates' on the server. HubException: [retryable] The server is briefly unavailable while the cluster recovers; try again in a moment."),
    );
    expect(error.kind).toBe('retryable');
    expect(error.message).toBe('The server is briefly unavailable while the cluster recovers; try again in a moment.');
    expect(isRefusal(error)).toBe(false);
  });

  it('takes a server error without a message, or a dropped connection, for an unknown failure', () => {
    expect(toHubError(new Error("An unexpected error occurred invoking 'PushDocumentUpdates' on the server.")).kind).toBe('failed');
    const dropped = toHubError(new Error('Invocation canceled due to the underlying connection being closed.'));
    expect(dropped.kind).toBe('failed');
    expect(isRefusal(dropped)).toBe(false);
  });

  it('passes other errors through', () => {
    expect(toHubError(new Error('WebSocket closed with status code: 1006')).message).toBe('WebSocket closed with status code: 1006');
    expect(toHubError('Error: boom').message).toBe('boom');
    const own = new HubError('Not connected to the server.', 'failed');
    expect(toHubError(own)).toBe(own);
  });
});
