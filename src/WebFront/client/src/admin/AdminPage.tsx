import { Link } from '../app/Link';
import { useSession } from '../app/useSession';
import { AuditSection } from './AuditSection';
import { ClusterLink } from './ClusterLink';
import { SettingsSection } from './SettingsSection';
import { UsersSection } from './UsersSection';
import '../teams/teams.css';
import './admin.css';

const sections = [
  { id: 'users', label: 'Users' },
  { id: 'audit', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
] as const;

/** /admin/{users,audit,settings}: the installation admin's screens; Cluster opens Orleans' dashboard, served by the server at /admin/cluster/. */
export function AdminPage({ section }: { section: string }) {
  const state = useSession();
  if (state.phase !== 'signedIn' || !state.user.isAdmin) {
    return (
      <section className="page">
        <h1>Admin</h1>
        <p className="muted">Only installation admins see this page.</p>
      </section>
    );
  }
  const current = sections.find((s) => s.id === section)?.id ?? 'users';
  return (
    <section className="page" data-testid="admin-page" data-section={current}>
      <div className="page-header">
        <div>
          <h1>Admin</h1>
          <p className="muted page-subtitle">Accounts, the audit log, who may sign up and the cluster, for the whole installation.</p>
        </div>
      </div>
      <nav className="admin-tabs" aria-label="Admin sections">
        {sections.map((s) => (
          <Link key={s.id} to={`/admin/${s.id}`} className={s.id === current ? 'active' : undefined} data-testid={`admin-tab-${s.id}`}>
            {s.label}
          </Link>
        ))}
        <ClusterLink />
      </nav>
      {current === 'users' ? <UsersSection selfId={state.user.id} /> : current === 'audit' ? <AuditSection /> : <SettingsSection />}
    </section>
  );
}
