import { useEffect, useRef, useState } from 'react';
import { Link } from '../app/Link';
import { navigate } from '../app/router';
import { session } from '../net/session';
import { Brand } from './Brand';
import './auth.css';

/** /confirm/{token}: the link of an open sign-up's email; finishes creating the account and signs in. */
export function ConfirmSignUpPage({ token }: { token: string }) {
  const [error, setError] = useState<string>();
  const started = useRef(false);

  useEffect(() => {
    // Once: the token works one time, and React may run effects twice in development.
    if (started.current) {
      return;
    }
    started.current = true;
    session
      .confirmSignUp(token)
      .then(() => navigate('/', { replace: true }))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [token]);

  return (
    <main className="auth-page">
      <div className="auth-card" data-testid="confirm-page">
        <Brand />
        {error ? (
          <>
            <h1>The account was not created</h1>
            <div className="form-error" role="alert" data-testid="confirm-error">
              {error}
            </div>
            <Link to="/login" className="button button-block">
              Sign in
            </Link>
          </>
        ) : (
          <p className="muted" aria-busy="true">
            Creating your account…
          </p>
        )}
      </div>
    </main>
  );
}
