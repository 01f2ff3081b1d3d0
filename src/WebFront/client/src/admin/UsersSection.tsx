import { useCallback, useEffect, useState } from 'react';
import { api } from '../net/api';
import type { AdminUser, PasswordResetLink } from '../net/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatRelative } from '../ui/format';
import { toast } from '../ui/toasts';

type Pending = { user: AdminUser; action: 'disable' | 'revokeAdmin' };

/** Every account: search, disable or enable, make admin or not, and a password reset link to hand over. */
export function UsersSection({ selfId }: { selfId: string }) {
  const [users, setUsers] = useState<AdminUser[]>();
  const [search, setSearch] = useState('');
  const [pending, setPending] = useState<Pending>();
  const [reset, setReset] = useState<{ user: AdminUser; link: PasswordResetLink }>();

  const load = useCallback((q: string) => {
    api.admin.users(q.trim() || undefined).then(setUsers).catch(toast.error);
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => load(search), 200);
    return () => clearTimeout(timer);
  }, [search, load]);

  async function update(user: AdminUser, change: { disabled?: boolean; isAdmin?: boolean }) {
    const updated = await api.admin.updateUser(user.id, change);
    setUsers((current) => current?.map((u) => (u.id === updated.id ? updated : u)));
  }

  async function makeResetLink(user: AdminUser) {
    try {
      setReset({ user, link: await api.admin.passwordResetLink(user.id) });
    } catch (error) {
      toast.error(error);
    }
  }

  const adminCount = users?.filter((u) => u.isAdmin && !u.disabled).length ?? 0;
  return (
    <div className="card">
      <div className="card-header">
        <h2>Users</h2>
        <input
          type="search"
          className="admin-search"
          placeholder="Search by name or email"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-label="Search users"
          data-testid="admin-user-search"
        />
      </div>
      {reset ? (
        <div className="invite-link admin-reset" data-testid="admin-reset-box">
          <p>
            {reset.link.emailed ? 'We emailed' : 'Give'} <strong>{reset.user.displayName}</strong> this link to set a new password. It works once, until{' '}
            {new Date(reset.link.expiresAt).toLocaleString()}; a newer link replaces it.
          </p>
          <div className="copy-row">
            <input
              readOnly
              value={reset.link.link ?? `${location.origin}${reset.link.path}`}
              onFocus={(event) => event.target.select()}
              aria-label="Password reset link"
              data-testid="admin-reset-link"
            />
            <button type="button" className="button" onClick={() => setReset(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      {users === undefined ? (
        <div className="empty">Loading…</div>
      ) : users.length === 0 ? (
        <div className="empty">No account matches.</div>
      ) : (
        <table className="admin-table" data-testid="admin-users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Joined</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const self = user.id === selfId;
              const lastAdmin = user.isAdmin && !user.disabled && adminCount <= 1;
              return (
                <tr key={user.id} data-testid="admin-user-row" data-email={user.email} data-disabled={user.disabled} className={user.disabled ? 'admin-disabled' : undefined}>
                  <td>
                    {user.displayName}
                    {self ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td>{user.email}</td>
                  <td>
                    {user.disabled ? <span className="status status-failed">Disabled</span> : null}
                    {user.isAdmin ? <span className="role role-owner">Admin</span> : <span className="role">User</span>}
                  </td>
                  <td className="muted">{formatRelative(user.createdAt)}</td>
                  <td className="admin-actions">
                    {user.isAdmin ? (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        disabled={lastAdmin}
                        title={lastAdmin ? 'Vibe needs an enabled admin: make another account an admin first.' : undefined}
                        onClick={() => setPending({ user, action: 'revokeAdmin' })}
                        data-testid="admin-revoke-admin"
                      >
                        Remove admin
                      </button>
                    ) : (
                      <button type="button" className="button button-small button-ghost" onClick={() => void update(user, { isAdmin: true }).catch(toast.error)} data-testid="admin-make-admin">
                        Make admin
                      </button>
                    )}
                    <button type="button" className="button button-small button-ghost" onClick={() => void makeResetLink(user)} data-testid="admin-reset-password">
                      Reset password
                    </button>
                    {user.disabled ? (
                      <button type="button" className="button button-small" onClick={() => void update(user, { disabled: false }).catch(toast.error)} data-testid="admin-enable">
                        Enable
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button-small button-ghost danger-text"
                        disabled={self || lastAdmin}
                        title={self ? 'You cannot disable your own account.' : lastAdmin ? 'Vibe needs an enabled admin.' : undefined}
                        onClick={() => setPending({ user, action: 'disable' })}
                        data-testid="admin-disable"
                      >
                        Disable
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pending ? (
        <ConfirmDialog
          title={pending.action === 'disable' ? `Disable ${pending.user.displayName}?` : `Remove ${pending.user.displayName} as admin?`}
          confirmLabel={pending.action === 'disable' ? 'Disable' : 'Remove admin'}
          onConfirm={() => update(pending.user, pending.action === 'disable' ? { disabled: true } : { isAdmin: false })}
          onClose={() => setPending(undefined)}
        >
          {pending.action === 'disable'
            ? `${pending.user.email} is signed out everywhere and cannot sign in until enabled again. Their workspaces and team memberships stay.`
            : `${pending.user.email} will no longer manage users, settings or read the whole audit log.`}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
