import { useState } from 'react';
import { Link } from '../app/Link';
import { useLoad } from '../app/useLoad';
import { navigate } from '../app/router';
import { useSession } from '../app/useSession';
import { api } from '../net/api';
import type { TeamMember, TeamRole } from '../net/types';
import { teamRoles } from '../net/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { toast } from '../ui/toasts';
import { InvitationsSection } from './InvitationsSection';
import { roleLabel } from './roleLabel';
import './teams.css';

export function TeamPage({ teamId }: { teamId: string }) {
  const state = useSession();
  const me = state.phase === 'signedIn' ? state.user.id : undefined;
  const { loaded, update } = useLoad(
    async (signal) => {
      const [team, members] = await Promise.all([api.teams.get(teamId, signal), api.teams.members(teamId, signal)]);
      return { team, members };
    },
    [teamId],
  );
  const setMembers = (change: (members: TeamMember[]) => TeamMember[]) => update((current) => ({ ...current, members: change(current.members) }));
  const [removing, setRemoving] = useState<TeamMember>();
  const [deletingTeam, setDeletingTeam] = useState(false);

  if (loaded.state === 'failed') {
    return (
      <section className="page">
        <h1>Team not available</h1>
        <p className="muted">{loaded.error instanceof Error ? loaded.error.message : String(loaded.error)}</p>
        <Link to="/teams">Back to your teams</Link>
      </section>
    );
  }
  if (loaded.state === 'loading') {
    return <div className="page muted">Loading…</div>;
  }
  const { team, members } = loaded.value;

  const manages = team.role === 'owner' || team.role === 'admin';
  // Only an owner hands out or takes away ownership.
  const assignable = teamRoles.filter((role) => role !== 'owner' || team.role === 'owner');

  async function changeRole(member: TeamMember, role: TeamRole) {
    try {
      await api.teams.setRole(teamId, member.userId, role);
      setMembers((current) => current.map((m) => (m.userId === member.userId ? { ...m, role } : m)));
    } catch (error) {
      toast.error(error);
    }
  }

  return (
    <section className="page" data-testid="team-page" data-team-id={team.id}>
      <div className="page-header">
        <div>
          <Link to="/teams" className="muted crumb">
            Teams
          </Link>
          <h1>{team.name}</h1>
        </div>
        <div className="page-actions">
          <span className={`role role-${team.role}`}>You are {team.role}</span>
          {team.role === 'owner' ? (
            <button type="button" className="button button-ghost danger-text" onClick={() => setDeletingTeam(true)} data-testid="team-delete">
              Delete team
            </button>
          ) : null}
        </div>
      </div>

      <div className="card">
        <div className="card-header">
          <h2>Members</h2>
          <span className="muted">{members.length}</span>
        </div>
        <ul className="member-list" data-testid="member-list">
          {members.map((member) => {
            const editable = manages && member.userId !== me && (member.role !== 'owner' || team.role === 'owner');
            return (
              <li key={member.userId} className="member" data-testid="member-row" data-user-id={member.userId} data-role={member.role}>
                <span className="team-avatar" aria-hidden="true">
                  {(member.displayName || member.email).slice(0, 1).toUpperCase()}
                </span>
                <span className="member-who">
                  <span className="member-name">
                    {member.displayName || member.email}
                    {member.userId === me ? <span className="muted"> (you)</span> : null}
                  </span>
                  <span className="muted member-email">{member.email}</span>
                </span>
                {editable ? (
                  <>
                    <select
                      value={member.role}
                      aria-label={`Role of ${member.email}`}
                      onChange={(event) => void changeRole(member, event.target.value as TeamRole)}
                      data-testid="member-role"
                    >
                      {assignable.map((role) => (
                        <option key={role} value={role}>
                          {roleLabel(role)}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="button button-small button-ghost danger-text" onClick={() => setRemoving(member)} data-testid="member-remove">
                      Remove
                    </button>
                  </>
                ) : (
                  <span className={`role role-${member.role}`}>{roleLabel(member.role)}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>

      {manages ? <InvitationsSection teamId={teamId} assignable={assignable} /> : null}

      {removing ? (
        <ConfirmDialog
          title="Remove member?"
          confirmLabel="Remove"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            await api.teams.removeMember(teamId, removing.userId);
            setMembers((current) => current.filter((m) => m.userId !== removing.userId));
          }}
        >
          <p>
            <strong>{removing.displayName || removing.email}</strong> will lose access to this team's workspaces.
          </p>
        </ConfirmDialog>
      ) : null}
      {deletingTeam ? (
        <ConfirmDialog
          title="Delete team?"
          confirmLabel="Delete team"
          onClose={() => setDeletingTeam(false)}
          onConfirm={async () => {
            await api.teams.remove(teamId);
            navigate('/teams');
          }}
        >
          <p>
            The team <strong>{team.name}</strong> and its memberships will be deleted.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
