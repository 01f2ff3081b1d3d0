import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../net/api';
import type { CreatedInvitation, Invitation, TeamRole } from '../net/types';
import { formatRelative } from '../ui/format';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import { toast } from '../ui/toasts';
import { roleLabel } from './roleLabel';

/** Invitations for owners and admins: create one, copy its link, revoke the ones not yet accepted. */
export function InvitationsSection({ teamId, assignable }: { teamId: string; assignable: readonly TeamRole[] }) {
  const [invitations, setInvitations] = useState<Array<Invitation | CreatedInvitation>>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation>();

  useEffect(() => {
    api.teams.invitations(teamId).then(setInvitations).catch(toast.error);
  }, [teamId]);

  async function invite(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      const invitation = await api.teams.invite(teamId, email.trim(), role);
      setInvitations((current) => [...current.filter((i) => i.id !== invitation.id), invitation]);
      setCreated(invitation);
      setEmail('');
    } catch (error) {
      setErrors(formErrors(error, ['email', 'role']));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(invitation: Invitation | CreatedInvitation) {
    try {
      await api.teams.revokeInvitation(teamId, invitation.id);
      setInvitations((current) => current.filter((i) => i.id !== invitation.id));
      if (created?.id === invitation.id) {
        setCreated(undefined);
      }
    } catch (error) {
      toast.error(error);
    }
  }

  const link = created ? `${location.origin}/invite/${encodeURIComponent(created.token)}` : undefined;

  return (
    <div className="card">
      <div className="card-header">
        <h2>Invitations</h2>
      </div>
      <form className="invite-form" onSubmit={(event) => void invite(event)} noValidate>
        <TextField label="Email" type="email" value={email} onChange={setEmail} error={errors.fields.email} required testId="invite-email" />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as TeamRole)} data-testid="invite-role">
            {assignable.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={busy || !email.trim()} data-testid="invite-submit">
          Invite
        </button>
      </form>
      {errors.form ? <div className="form-error invite-error">{errors.form}</div> : null}
      {link ? (
        <div className="invite-link" data-testid="invite-link-box">
          <p>
            {created?.emailed ? (
              <>
                We emailed this link to <strong>{created.email}</strong>. They also find the invitation on their Teams page when they sign in.
              </>
            ) : (
              <>
                Send this link to <strong>{created?.email}</strong>. With an account, they also find the invitation on their Teams page.
              </>
            )}
          </p>
          <div className="copy-row">
            <input readOnly value={link} onFocus={(event) => event.target.select()} aria-label="Invitation link" data-testid="invite-link" />
            <button type="button" className="button" onClick={() => void copy(link)} data-testid="invite-copy">
              Copy
            </button>
          </div>
        </div>
      ) : null}
      {invitations.length > 0 ? (
        <ul className="member-list" data-testid="invitation-list">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="member" data-testid="invitation-row">
              <span className="member-who">
                <span className="member-name">{invitation.email}</span>
                <span className="muted member-email">expires {formatRelative(invitation.expiresAt)}</span>
              </span>
              <span className={`role role-${invitation.role}`}>{roleLabel(invitation.role)}</span>
              <button type="button" className="button button-small button-ghost danger-text" onClick={() => void revoke(invitation)} data-testid="invitation-revoke">
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast.info('Link copied.');
  } catch {
    // The clipboard API needs a secure context; the field is selectable for a manual copy.
    toast.info('Select the link and copy it.');
  }
}
