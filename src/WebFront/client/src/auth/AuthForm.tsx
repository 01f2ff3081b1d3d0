import { useState, type FormEvent } from 'react';
import { Link } from '../app/Link';
import { navigate, useLocation } from '../app/router';
import { session } from '../net/session';
import type { SignUpPolicy } from '../net/types';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import { Brand } from './Brand';
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
  /** Who may sign up here; the sign-in form offers sign-up only when it is open. */
  signUp?: SignUpPolicy;
}

/**
 * The setup, sign-up and sign-in forms: one layout, field errors from the server under each field. Render each keyed by
 * its route so that switching forms starts from empty fields. Sign-up through an invitation link carries the
 * invitation's token and address in the query (?invitation=…&email=…).
 */
export function AuthForm({ mode, onDone, notice, signUp }: AuthFormProps) {
  const { query } = useLocation();
  const invitation = mode === 'signUp' ? (query.get('invitation') ?? undefined) : undefined;
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState(invitation ? (query.get('email') ?? '') : '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string>();
  const registering = mode !== 'signIn';
  const text = copy[mode];
  const next = safeNext(query.get('next'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      if (registering) {
        const result = await session.register(email.trim(), password, displayName.trim(), invitation);
        if (!result.signedIn) {
          setSent(result.detail);
          setBusy(false);
          return;
        }
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
  if (sent) {
    return (
      <main className="auth-page">
        <div className="auth-card" data-testid="signup-sent">
          <Brand />
          <h1>Check your email</h1>
          <p className="muted">{sent}</p>
          <Link to="/login" className="button button-block">
            Back to sign in
          </Link>
        </div>
      </main>
    );
  }

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={(event) => void submit(event)} noValidate data-testid={`${mode}-form`}>
        <Brand />
        <h1>{text.title}</h1>
        <p className="muted">{invitation ? 'Create your account to join the team you were invited to.' : text.subtitle}</p>
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
            autoFocus
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
          autoFocus={!registering}
          testId="auth-email"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          autoComplete={registering ? 'new-password' : 'current-password'}
          hint={registering ? 'At least 10 characters.' : undefined}
          required
          testId="auth-password"
        />
        <button type="submit" className="button button-primary button-block" disabled={busy} data-testid="auth-submit">
          {busy ? 'Please wait…' : text.submit}
        </button>
        {mode === 'signIn' ? (
          signUp === 'open' ? (
            <p className="auth-switch">
              New here?{' '}
              <Link to={`/signup${nextQuery}`} data-testid="link-signup">
                Create an account
              </Link>
            </p>
          ) : (
            <p className="auth-switch muted" data-testid="signup-closed">
              New here? {signUp === 'closed' ? 'Ask the administrator for an invitation.' : 'Ask a team owner for an invitation, then open its link.'}
            </p>
          )
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
