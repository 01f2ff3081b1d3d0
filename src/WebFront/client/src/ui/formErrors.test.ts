import { describe, expect, it } from 'vitest';
import { parseProblem } from '../net/problem';
import { formErrors } from './formErrors';

function problem(body: object) {
  return parseProblem(400, 'Bad Request', JSON.stringify(body), 'application/problem+json');
}

describe('formErrors', () => {
  it('puts field errors under their fields and nothing above the form', () => {
    const result = formErrors(problem({ title: 'Validation failed', detail: 'Too short.', errors: { Password: ['Too short.'] } }), ['email', 'password']);
    expect(result.fields).toEqual({ password: 'Too short.' });
    expect(result.form).toBeUndefined();
  });

  it('says above the form what no field shows', () => {
    const result = formErrors(problem({ errors: { password: ['Too short.'], captcha: ['Missing.'] } }), ['password']);
    expect(result.fields.password).toBe('Too short.');
    expect(result.form).toBe('Missing.');
  });

  it('shows the detail of an error without field errors above the form', () => {
    const result = formErrors(parseProblem(409, 'Conflict', JSON.stringify({ detail: 'That email is already registered.' }), 'application/json'), ['email']);
    expect(result).toEqual({ fields: {}, form: 'That email is already registered.' });
  });

  it('shows any other error above the form', () => {
    expect(formErrors(new Error('offline'), ['email'])).toEqual({ fields: {}, form: 'offline' });
  });
});
