import { useCallback, useEffect, useState } from 'react';
import { AccountPage } from '../account/AccountPage';
import { AdminPage } from '../admin/AdminPage';
import { AuthForm } from '../auth/AuthForm';
import { ConfirmSignUpPage } from '../auth/ConfirmSignUpPage';
import { ResetPasswordPage } from '../auth/ResetPasswordPage';
import { api } from '../net/api';
import { session } from '../net/session';
import type { SetupStatus } from '../net/types';
import { InvitePage } from '../teams/InvitePage';
import { TeamPage } from '../teams/TeamPage';
import { TeamsPage } from '../teams/TeamsPage';
import { Toasts } from '../ui/Toasts';
import { WorkspacePage } from '../workspace/WorkspacePage';
import { DashboardPage } from '../dashboard/DashboardPage';
import { AppShell } from './AppShell';
import { Redirect } from './Redirect';
import { matchPath, useLocation } from './router';
import { useSession } from './useSession';

type Setup = { phase: 'checking' } | { phase: 'needed' } | { phase: 'done'; status?: SetupStatus } | { phase: 'failed'; message: string };

export function App() {
  const [setup, setSetup] = useState<Setup>({ phase: 'checking' });

  const check = useCallback(async () => {
    setSetup({ phase: 'checking' });
    try {
      const status = await api.setup();
      setSetup(status.needsFirstAccount ? { phase: 'needed' } : { phase: 'done', status });
      if (!status.needsFirstAccount) {
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
  const status = setup.phase === 'done' ? setup.status : undefined;
  return state.phase === 'signedIn' ? <SignedInRoutes /> : <SignedOutRoutes reason={state.reason} status={status} />;
}

function SignedOutRoutes({ reason, status }: { reason: string | undefined; status: SetupStatus | undefined }) {
  const { path, query } = useLocation();
  // Keyed by path: each form starts empty, without the other form's error or fields.
  if (path === '/login') {
    return <AuthForm key={path} mode="signIn" notice={reason} signUp={status?.signUp} />;
  }
  if (path === '/signup') {
    return <AuthForm key={path} mode="signUp" signUp={status?.signUp} />;
  }
  const shared = sharedRoute(path);
  if (shared) {
    return shared;
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
  return sharedRoute(path) ?? <AppShell>{route(path)}</AppShell>;
}

/** Pages reached from links, signed in or not. */
function sharedRoute(path: string) {
  let params = matchPath('/invite/:token', path);
  if (params) {
    return <InvitePage key={params.token} token={params.token!} />;
  }
  params = matchPath('/reset-password/:token', path);
  if (params) {
    return <ResetPasswordPage key={params.token} token={params.token!} />;
  }
  params = matchPath('/confirm/:token', path);
  if (params) {
    return <ConfirmSignUpPage key={params.token} token={params.token!} />;
  }
  return null;
}

function route(path: string) {
  if (path === '/') {
    return <DashboardPage />;
  }
  if (path === '/admin' || path.startsWith('/admin/')) {
    return <AdminPage section={path.slice('/admin/'.length) || 'users'} />;
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
