import { describe, expect, it } from 'vitest';
import { ApiError, parseProblem } from './problem';

const problemJson = 'application/problem+json; charset=utf-8';

describe('parseProblem', () => {
  it('uses the detail as the message', () => {
    const error = parseProblem(404, 'Not Found', JSON.stringify({ title: 'Not found', status: 404, detail: 'workspace ws-1 was not found' }), problemJson);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.message).toBe('workspace ws-1 was not found');
    expect(error.title).toBe('Not found');
  });

  it('collects validation errors by field, whatever the case or JSON path prefix', () => {
    const body = JSON.stringify({
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { Email: ['Email is not a valid address.'], '$.password': ['Password must be at least 12 characters.'], 'limits.Cpus': 'too many' },
    });
    const error = parseProblem(400, 'Bad Request', body, problemJson);
    expect(error.errorsFor('email')).toEqual(['Email is not a valid address.']);
    expect(error.errorsFor('Password')).toEqual(['Password must be at least 12 characters.']);
    expect(error.errorsFor('limits.cpus')).toEqual(['too many']);
    expect(error.errorsFor('displayName')).toEqual([]);
    // Without a detail, the first field error says more than the generic title.
    expect(error.message).toBe('Email is not a valid address.');
  });

  it('falls back to the title, then the status line', () => {
    expect(parseProblem(429, 'Too Many Requests', JSON.stringify({ title: 'Too many attempts' }), 'application/json').message).toBe('Too many attempts');
    expect(parseProblem(500, 'Internal Server Error', '{}', 'application/json').message).toBe('500 Internal Server Error');
  });

  it('shows a short plain-text body but not an HTML error page', () => {
    expect(parseProblem(502, 'Bad Gateway', 'upstream is down', 'text/plain').message).toBe('upstream is down');
    expect(parseProblem(502, 'Bad Gateway', '<html><body>nginx</body></html>', 'text/html').message).toBe('502 Bad Gateway');
  });

  it('survives a body that claims to be JSON and is not', () => {
    const error = parseProblem(400, 'Bad Request', '{not json', 'application/json');
    expect(error.message).toBe('400 Bad Request');
    expect(error.fieldErrors).toEqual({});
  });
});
