import { useCallback, useEffect, useState } from 'react';
import { AccountPage } from '../account/AccountPage';
import { AuthForm } from '../auth/AuthForm';
import { api } from '../net/api';
import { session } from '../net/session';
import { InvitePage } from '../teams/InvitePage';
import { TeamPage } from '../teams/TeamPage';
import { TeamsPage } from '../teams/TeamsPage';
import { Toasts } from '../ui/Toasts';
import { WorkspacePage } from '../workspace/WorkspacePage';
import { DashboardPage } from '../workspaces/DashboardPage';
import { AppShell } from './AppShell';
import { Redirect } from './Redirect';
import { matchPath, useLocation } from './router';
import { useSession } from './useSession';

type Setup = { phase: 'checking' } | { phase: 'needed' } | { phase: 'done' } | { phase: 'failed'; message: string };

export function App() {
  const [setup, setSetup] = useState<Setup>({ phase: 'checking' });

  const check = useCallback(async () => {
    setSetup({ phase: 'checking' });
    try {
      const { needsSetup } = await api.setup();
      setSetup({ phase: needsSetup ? 'needed' : 'done' });
      if (!needsSetup) {
        await session.restore();
      }
    } catch (error) {
      setSetup({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  return (
    <>
      <Screen setup={setup} onSetupDone={() => setSetup({ phase: 'done' })} retry={() => void check()} />
      <Toasts />
    </>
  );
}

function Screen({ setup, onSetupDone, retry }: { setup: Setup; onSetupDone: () => void; retry: () => void }) {
  const state = useSession();
  if (setup.phase === 'failed' || state.phase === 'unreachable') {
    const message = setup.phase === 'failed' ? setup.message : state.phase === 'unreachable' ? state.message : '';
    return <Unreachable message={message} retry={retry} />;
  }
  if (setup.phase === 'needed') {
    return <AuthForm mode="setup" onDone={onSetupDone} />;
  }
  if (setup.phase === 'checking' || state.phase === 'loading') {
    return <div className="splash" aria-busy="true" data-testid="loading" />;
  }
  return state.phase === 'signedIn' ? <SignedInRoutes /> : <SignedOutRoutes reason={state.reason} />;
}

function SignedOutRoutes({ reason }: { reason: string | undefined }) {
  const { path, query } = useLocation();
  if (path === '/login') {
    return <AuthForm mode="signIn" notice={reason} />;
  }
  if (path === '/signup') {
    return <AuthForm mode="signUp" />;
  }
  const invite = matchPath('/invite/:token', path);
  if (invite) {
    return <InvitePage token={invite.token!} />;
  }
  const search = query.toString();
  const here = path + (search ? `?${search}` : '');
  return <Redirect to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
}

function SignedInRoutes() {
  const { path, query } = useLocation();
  if (path === '/login' || path === '/signup') {
    return <Redirect to={query.get('next')?.startsWith('/') ? query.get('next')! : '/'} />;
  }
  return <AppShell>{route(path)}</AppShell>;
}

function route(path: string) {
  if (path === '/') {
    return <DashboardPage />;
  }
  if (path === '/teams') {
    return <TeamsPage />;
  }
  if (path === '/account') {
    return <AccountPage />;
  }
  let params = matchPath('/workspaces/:id', path);
  if (params) {
    return <WorkspacePage key={params.id} workspaceId={params.id!} />;
  }
  params = matchPath('/teams/:id', path);
  if (params) {
    return <TeamPage key={params.id} teamId={params.id!} />;
  }
  params = matchPath('/invite/:token', path);
  if (params) {
    return <InvitePage token={params.token!} />;
  }
  return (
    <section className="page">
      <h1>Not found</h1>
      <p className="muted">There is nothing at {path}.</p>
    </section>
  );
}

function Unreachable({ message, retry }: { message: string; retry: () => void }) {
  return (
    <main className="auth-page">
      <div className="auth-card" data-testid="unreachable">
        <h1>Vibe is not answering</h1>
        <p className="muted">{message}</p>
        <button type="button" className="button button-primary" onClick={retry}>
          Try again
        </button>
      </div>
    </main>
  );
}
