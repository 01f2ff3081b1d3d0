import { describe, expect, it } from 'vitest';
import { hubErrorMessage } from './hubError';

describe('hubErrorMessage', () => {
  it('keeps only the message of a HubException', () => {
    const error = new Error("An unexpected error occurred invoking 'SendInput' on the server. HubException: you need write access to type in this terminal");
    expect(hubErrorMessage(error)).toBe('you need write access to type in this terminal');
  });

  it('passes other errors through', () => {
    expect(hubErrorMessage(new Error('WebSocket closed with status code: 1006'))).toBe('WebSocket closed with status code: 1006');
    expect(hubErrorMessage('Error: boom')).toBe('boom');
  });
});
