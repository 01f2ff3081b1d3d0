import { useState, type FormEvent } from 'react';
import { navigate } from '../app/router';
import { session } from '../net/session';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import { Brand } from './Brand';
import './auth.css';

/** /reset-password/{token}: sets a new password from the link an installation admin made, then signs in. */
export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      await session.resetPassword(token, password);
      navigate('/', { replace: true });
    } catch (error) {
      setErrors(formErrors(error, ['newPassword']));
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={(event) => void submit(event)} noValidate data-testid="reset-password-form">
        <Brand />
        <h1>Set a new password</h1>
        <p className="muted">Your other sessions end when the new password is set.</p>
        {errors.form ? (
          <div className="form-error" role="alert" data-testid="reset-error">
            {errors.form}
          </div>
        ) : null}
        <TextField
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.newPassword}
          autoComplete="new-password"
          hint="At least 10 characters."
          required
          autoFocus
          testId="reset-password"
        />
        <button type="submit" className="button button-primary button-block" disabled={busy || !password} data-testid="reset-submit">
          {busy ? 'Please wait…' : 'Set password and sign in'}
        </button>
      </form>
    </main>
  );
}
