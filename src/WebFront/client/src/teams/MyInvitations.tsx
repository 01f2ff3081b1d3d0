import { useState } from 'react';
import { navigate } from '../app/router';
import { useLoad } from '../app/useLoad';
import { api } from '../net/api';
import type { PendingInvitation } from '../net/types';
import { formatRelative } from '../ui/format';
import { toast } from '../ui/toasts';
import { roleLabel } from './roleLabel';

/** The invitations waiting for the signed-in user's email, to join or decline without the link. Shows nothing when there are none. */
export function MyInvitations() {
  const { loaded, update } = useLoad(
    (signal) =>
      api.invitations.mine(signal).catch((error: unknown) => {
        if (!signal.aborted) {
          toast.error(error);
        }
        return [];
      }),
    [],
  );
  const invitations = loaded.state === 'loaded' ? loaded.value : [];
  const [busy, setBusy] = useState<string>();

  async function join(invitation: PendingInvitation) {
    setBusy(invitation.id);
    try {
      const team = await api.invitations.acceptMine(invitation.id);
      navigate(`/teams/${encodeURIComponent(team.id)}`);
    } catch (error) {
      toast.error(error);
      setBusy(undefined);
    }
  }

  async function decline(invitation: PendingInvitation) {
    setBusy(invitation.id);
    try {
      await api.invitations.declineMine(invitation.id);
      update((current) => current.filter((i) => i.id !== invitation.id));
    } catch (error) {
      toast.error(error);
    } finally {
      setBusy(undefined);
    }
  }

  if (invitations.length === 0) {
    return null;
  }
  return (
    <div className="card my-invitations" data-testid="my-invitations">
      <div className="card-header">
        <h2>Invitations for you</h2>
      </div>
      <ul className="member-list">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="member" data-testid="my-invitation" data-team-name={invitation.teamName}>
            <span className="team-avatar" aria-hidden="true">
              {invitation.teamName.slice(0, 1).toUpperCase()}
            </span>
            <span className="member-who">
              <span className="member-name">{invitation.teamName}</span>
              <span className="muted member-email">
                {invitation.invitedBy ?? 'A team admin'} invited you · expires {formatRelative(invitation.expiresAt)}
              </span>
            </span>
            <span className={`role role-${invitation.role}`}>{roleLabel(invitation.role)}</span>
            <button type="button" className="button button-small button-primary" onClick={() => void join(invitation)} disabled={busy !== undefined} data-testid="my-invitation-accept">
              Join
            </button>
            <button type="button" className="button button-small button-ghost" onClick={() => void decline(invitation)} disabled={busy !== undefined} data-testid="my-invitation-decline">
              Decline
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
