import { useEffect, useState } from 'react';
import { Link } from '../app/Link';
import { navigate } from '../app/router';
import { useSession } from '../app/useSession';
import { api } from '../net/api';
import type { PendingInvitation } from '../net/types';
import { formatRelative } from '../ui/format';
import { Brand } from '../auth/Brand';
import '../auth/auth.css';

type Loaded = { phase: 'loading' } | { phase: 'found'; invitation: PendingInvitation } | { phase: 'gone'; message: string };

/**
 * /invite/{token}: says which team invites, who invited and with which role; someone signed in accepts, someone signed
 * out signs in or creates an account for the invited address (the token goes along, so sign-up works even when it
 * needs an invitation) and comes back here.
 */
export function InvitePage({ token }: { token: string }) {
  const state = useSession();
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const here = `/invite/${encodeURIComponent(token)}`;

  useEffect(() => {
    api.invitations
      .get(token)
      .then((invitation) => setLoaded({ phase: 'found', invitation }))
      .catch((failure: unknown) => setLoaded({ phase: 'gone', message: failure instanceof Error ? failure.message : String(failure) }));
  }, [token]);

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const team = await api.invitations.accept(token);
      navigate(`/teams/${encodeURIComponent(team.id)}`, { replace: true });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  const invitation = loaded.phase === 'found' ? loaded.invitation : undefined;
  const signUpQuery = invitation
    ? `?invitation=${encodeURIComponent(token)}&email=${encodeURIComponent(invitation.email)}&next=%2Fteams`
    : `?next=${encodeURIComponent(here)}`;
  return (
    <main className="auth-page invite-page">
      <div className="auth-card" data-testid="invite-page">
        <Brand />
        {loaded.phase === 'loading' ? (
          <p className="muted" aria-busy="true">
            Loading the invitation…
          </p>
        ) : loaded.phase === 'gone' ? (
          <>
            <h1>This invitation cannot be used</h1>
            <p className="muted" data-testid="invite-gone">
              {loaded.message}
            </p>
            <Link to="/" className="button button-block">
              Go to Vibe
            </Link>
          </>
        ) : (
          <>
            <h1 data-testid="invite-title">Join {invitation!.teamName}</h1>
            <p className="muted" data-testid="invite-summary">
              <strong>{invitation!.invitedBy ?? 'A team admin'}</strong> invited <strong>{invitation!.email}</strong> to the team{' '}
              <strong>{invitation!.teamName}</strong> as {article(invitation!.role)} <strong>{invitation!.role}</strong>. The invitation
              expires {formatRelative(invitation!.expiresAt)}.
            </p>
            {state.phase === 'signedIn' ? (
              <>
                {state.user.email !== invitation!.email ? (
                  <div className="notice" data-testid="invite-other-email">
                    You are signed in as {state.user.email}; sign in as {invitation!.email} to accept.
                  </div>
                ) : null}
                {error ? (
                  <div className="form-error" role="alert" data-testid="invite-error">
                    {error}
                  </div>
                ) : null}
                <button type="button" className="button button-primary button-block" onClick={() => void accept()} disabled={busy} data-testid="invite-accept">
                  {busy ? 'Accepting…' : `Join ${invitation!.teamName}`}
                </button>
                <Link to="/" className="auth-switch">
                  Not now
                </Link>
              </>
            ) : (
              <>
                <Link to={`/signup${signUpQuery}`} className="button button-primary button-block" data-testid="invite-signup">
                  Create an account
                </Link>
                <Link to={`/login?next=${encodeURIComponent(here)}`} className="button button-block" data-testid="invite-signin">
                  I have an account: sign in
                </Link>
              </>
            )}
          </>
        )}
      </div>
    </main>
  );
}

function article(role: string): string {
  return /^[aeiou]/i.test(role) ? 'an' : 'a';
}
