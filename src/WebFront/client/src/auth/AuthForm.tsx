import { useState, type FormEvent } from 'react';
import { Link } from '../app/Link';
import { navigate, useLocation } from '../app/router';
import { session } from '../net/session';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import './auth.css';

export type AuthMode = 'setup' | 'signUp' | 'signIn';

const copy: Record<AuthMode, { title: string; subtitle: string; submit: string }> = {
  setup: {
    title: 'Welcome to Vibe',
    subtitle: 'Create the administrator account to finish setting up this server.',
    submit: 'Create the admin account',
  },
  signUp: { title: 'Create your account', subtitle: 'Workspaces in the browser, a terminal away.', submit: 'Sign up' },
  signIn: { title: 'Sign in', subtitle: 'Welcome back.', submit: 'Sign in' },
};

interface AuthFormProps {
  mode: AuthMode;
  /** Called after the account was created or the user signed in. */
  onDone?: () => void;
  notice?: string;
}

/** The setup, sign-up and sign-in forms: one layout, field errors from the server under each field. */
export function AuthForm({ mode, onDone, notice }: AuthFormProps) {
  const { query } = useLocation();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);
  const registering = mode !== 'signIn';
  const text = copy[mode];
  const next = safeNext(query.get('next'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      if (registering) {
        await session.register(email.trim(), password, displayName.trim());
      } else {
        await session.signIn(email.trim(), password);
      }
      onDone?.();
      navigate(next, { replace: true });
    } catch (error) {
      setErrors(formErrors(error, ['displayName', 'email', 'password']));
      setBusy(false);
    }
  }

  const nextQuery = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={(event) => void submit(event)} noValidate data-testid={`${mode}-form`}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Vibe
        </div>
        <h1>{text.title}</h1>
        <p className="muted">{text.subtitle}</p>
        {notice && !errors.form ? <div className="notice">{notice}</div> : null}
        {errors.form ? (
          <div className="form-error" role="alert" data-testid="auth-error">
            {errors.form}
          </div>
        ) : null}
        {registering ? (
          <TextField
            label="Name"
            value={displayName}
            onChange={setDisplayName}
            error={errors.fields.displayName}
            autoComplete="name"
            required
            testId="auth-display-name"
          />
        ) : null}
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          error={errors.fields.email}
          autoComplete="email"
          required
          autoFocus
          testId="auth-email"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          autoComplete={registering ? 'new-password' : 'current-password'}
          required
          testId="auth-password"
        />
        <button type="submit" className="button button-primary button-block" disabled={busy} data-testid="auth-submit">
          {busy ? 'Please wait…' : text.submit}
        </button>
        {mode === 'signIn' ? (
          <p className="auth-switch">
            New here?{' '}
            <Link to={`/signup${nextQuery}`} data-testid="link-signup">
              Create an account
            </Link>
          </p>
        ) : mode === 'signUp' ? (
          <p className="auth-switch">
            Already have an account?{' '}
            <Link to={`/login${nextQuery}`} data-testid="link-signin">
              Sign in
            </Link>
          </p>
        ) : null}
      </form>
    </main>
  );
}

// Only paths inside this app: never an absolute URL that would send the user elsewhere after signing in.
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
