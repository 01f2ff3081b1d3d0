import { useState } from 'react';
import { Link } from '../app/Link';
import { navigate } from '../app/router';
import { useSession } from '../app/useSession';
import { api } from '../net/api';
import '../auth/auth.css';

/** /invite/{token}: accept a team invitation; someone signed out signs in (or up) first and comes back here. */
export function InvitePage({ token }: { token: string }) {
  const state = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const here = `/invite/${encodeURIComponent(token)}`;

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const accepted = await api.acceptInvitation(token);
      navigate(`/teams/${encodeURIComponent(accepted.teamId)}`, { replace: true });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  return (
    <main className="auth-page invite-page">
      <div className="auth-card" data-testid="invite-page">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Vibe
        </div>
        <h1>You are invited to a team</h1>
        {state.phase === 'signedIn' ? (
          <>
            <p className="muted">
              Accept as <strong>{state.user.email}</strong> to see the team's workspaces.
            </p>
            {error ? (
              <div className="form-error" role="alert" data-testid="invite-error">
                {error}
              </div>
            ) : null}
            <button type="button" className="button button-primary button-block" onClick={() => void accept()} disabled={busy} data-testid="invite-accept">
              {busy ? 'Accepting…' : 'Accept invitation'}
            </button>
            <Link to="/" className="auth-switch">
              Not now
            </Link>
          </>
        ) : (
          <>
            <p className="muted">Sign in, or create an account with the invited email address, to accept it.</p>
            <Link to={`/login?next=${encodeURIComponent(here)}`} className="button button-primary button-block" data-testid="invite-signin">
              Sign in
            </Link>
            <Link to={`/signup?next=${encodeURIComponent(here)}`} className="button button-block" data-testid="invite-signup">
              Create an account
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
