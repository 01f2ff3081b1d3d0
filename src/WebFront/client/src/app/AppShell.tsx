import type { ReactNode } from 'react';
import { session } from '../net/session';
import { Link } from './Link';
import { useLocation } from './router';
import { useHubState } from './useHubState';
import { useSession } from './useSession';
import './shell.css';

export function AppShell({ children }: { children: ReactNode }) {
  const state = useSession();
  const hubState = useHubState();
  const { path } = useLocation();
  const user = state.phase === 'signedIn' ? state.user : undefined;
  const section = path.startsWith('/teams') ? 'teams' : path.startsWith('/account') ? 'account' : path.startsWith('/admin') ? 'admin' : 'workspaces';

  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Vibe home">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Vibe</span>
        </Link>
        <nav className="topnav">
          <Link to="/" className={section === 'workspaces' ? 'active' : undefined} data-testid="nav-workspaces">
            Workspaces
          </Link>
          <Link to="/teams" className={section === 'teams' ? 'active' : undefined} data-testid="nav-teams">
            Teams
          </Link>
          {user?.isAdmin ? (
            <Link to="/admin" className={section === 'admin' ? 'active' : undefined} data-testid="nav-admin">
              Admin
            </Link>
          ) : null}
        </nav>
        <div className="topbar-end">
          {hubState !== 'connected' ? (
            <span className={`connection connection-${hubState}`} data-testid="hub-state" data-state={hubState} title="Live updates">
              {hubState === 'reconnecting' ? 'Reconnecting…' : hubState === 'connecting' ? 'Connecting…' : 'Offline'}
            </span>
          ) : null}
          <Link to="/account" className={section === 'account' ? 'user active' : 'user'} title={user?.email} data-testid="nav-account">
            <span className="avatar" aria-hidden="true">
              {(user?.displayName || user?.email || '?').slice(0, 1).toUpperCase()}
            </span>
            <span className="user-name">{user?.displayName}</span>
          </Link>
          <button type="button" className="button button-ghost" onClick={() => void session.signOut()} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <div className="shell-body">{children}</div>
    </div>
  );
}
