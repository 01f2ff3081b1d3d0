import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../net/api';
import type { Team, Workspace } from '../net/types';
import { Dialog } from '../ui/Dialog';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { toast } from '../ui/toasts';

export const notOwnerReason = 'Only the person who created this workspace can move it to another team.';

interface WorkspaceSettingsDialogProps {
  workspace: Workspace;
  onMoved: (workspace: Workspace) => void;
  onClose: () => void;
}

/**
 * The owner's settings of a workspace: which team it belongs to. Moving it into a team shares it with the team's members
 * (by their team role); "Just me" makes it personal again. Only teams where the owner may create workspaces are offered.
 */
export function WorkspaceSettingsDialog({ workspace, onMoved, onClose }: WorkspaceSettingsDialogProps) {
  const current = workspace.teamId ?? '';
  const [teams, setTeams] = useState<Team[]>();
  const [teamId, setTeamId] = useState(current);
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.teams
      .list()
      .then((list) => setTeams(list.filter((t) => t.role !== 'viewer' || t.id === current)))
      .catch((error: unknown) => setErrors(formErrors(error, [])));
  }, [current]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      const moved = await api.workspaces.move(workspace.id, teamId || null);
      const team = teams?.find((t) => t.id === teamId);
      toast.info(team ? `Moved ${workspace.name} to team ${team.name}` : `${workspace.name} is yours alone now`);
      onMoved(moved);
    } catch (error) {
      setErrors(formErrors(error, ['teamId']));
      setBusy(false);
    }
  }

  const chosen = teams?.find((t) => t.id === teamId);
  return (
    <Dialog title="Workspace settings" onClose={onClose} testId="workspace-settings-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {errors.form ? (
            <div className="form-error" role="alert" data-testid="workspace-settings-error">
              {errors.form}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="workspace-team">Team</label>
            <select id="workspace-team" value={teamId} onChange={(event) => setTeamId(event.target.value)} disabled={!teams} data-testid="workspace-team">
              <option value="">Just me</option>
              {(teams ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  Team {t.name}
                </option>
              ))}
            </select>
            <div className="field-hint" data-testid="workspace-team-hint">
              {errors.fields.teamId ??
                (chosen
                  ? `Members of ${chosen.name} can open it with their team role: viewers read, members edit, admins and owners also start, stop and delete it.`
                  : 'Only you can see it.')}
            </div>
          </div>
        </div>
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || teamId === current}
            title={teamId === current ? 'Choose another team (or "Just me") to move it.' : undefined}
            data-testid="workspace-settings-save"
          >
            {busy ? 'Moving…' : 'Move'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
