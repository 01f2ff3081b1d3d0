import { useEffect, useState, type FormEvent } from 'react';
import { Link } from '../app/Link';
import { api } from '../net/api';
import { hub } from '../net/hub';
import type { ImageBuild, Team, Template, Workspace, WorkspaceStatus } from '../net/types';
import { Dialog } from '../ui/Dialog';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import { toast } from '../ui/toasts';
import { workspaceStatusLabels } from '../ui/workspaceStatusLabels';
import { useWorkspaceLive } from './useWorkspaceLive';

interface CreateWorkspaceDialogProps {
  onCreated: (workspace: Workspace) => void;
  onClose: () => void;
}

/** The form, then the progress of the new workspace (Creating → Starting → Running) as status events arrive. */
export function CreateWorkspaceDialog({ onCreated, onClose }: CreateWorkspaceDialogProps) {
  const [created, setCreated] = useState<{ workspace: Workspace; start: boolean }>();
  const [status, setStatus] = useState<WorkspaceStatus>();
  return (
    <Dialog title={created ? progressTitle(created.workspace.name, status ?? created.workspace.status, created.start) : 'New workspace'} onClose={onClose} testId="create-workspace-dialog">
      {created ? (
        <CreateProgress workspace={created.workspace} starting={created.start} onStatus={setStatus} onClose={onClose} />
      ) : (
        <CreateForm
          onCreated={(workspace, start) => {
            onCreated(workspace);
            setCreated({ workspace, start });
          }}
          onCancel={onClose}
        />
      )}
    </Dialog>
  );
}

function CreateForm({ onCreated, onCancel }: { onCreated: (workspace: Workspace, start: boolean) => void; onCancel: () => void }) {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [teamId, setTeamId] = useState('');
  const [start, setStart] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .templates()
      .then((list) => {
        setTemplates(list);
        setTemplate((current) => current || (list[0]?.id ?? ''));
      })
      .catch(toast.error);
    api
      .teams.list()
      // Only teams where the user may create workspaces.
      .then((list) => setTeams(list.filter((t) => t.role !== 'viewer')))
      .catch(toast.error);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      const workspace = await api.workspaces.create({ name: name.trim(), template, teamId: teamId || undefined, start });
      onCreated(workspace, start);
    } catch (error) {
      setErrors(formErrors(error, ['name', 'template', 'teamId']));
      setBusy(false);
    }
  }

  const chosen = templates.find((t) => t.id === template);
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <div className="dialog-body">
        {errors.form ? (
          <div className="form-error" role="alert" data-testid="create-error">
            {errors.form}
          </div>
        ) : null}
        <TextField label="Name" value={name} onChange={setName} error={errors.fields.name} required autoFocus placeholder="my-project" testId="create-name" />
        <div className="field">
          <label htmlFor="create-template">Template</label>
          <select id="create-template" value={template} onChange={(event) => setTemplate(event.target.value)} data-testid="create-template">
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {errors.fields.template ? (
            <div className="field-error">{errors.fields.template}</div>
          ) : chosen ? (
            <div className="field-hint" data-testid="create-template-hint">
              <div>{chosen.description}</div>
              <div>{chosen.starter ?? 'Starts empty.'}</div>
            </div>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="create-team">Owner</label>
          <select id="create-team" value={teamId} onChange={(event) => setTeamId(event.target.value)} data-testid="create-team">
            <option value="">Just me</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                Team {t.name}
              </option>
            ))}
          </select>
          {errors.fields.teamId ? <div className="field-error">{errors.fields.teamId}</div> : null}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={start} onChange={(event) => setStart(event.target.checked)} data-testid="create-start" />
          Start it now
        </label>
      </div>
      <footer className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !template} data-testid="create-submit">
          {busy ? 'Creating…' : 'Create workspace'}
        </button>
      </footer>
    </form>
  );
}

const startSteps: WorkspaceStatus[] = ['creating', 'starting', 'running'];
const createSteps: WorkspaceStatus[] = ['creating', 'stopped'];

/** The step a workspace is done with once it reaches `status`: "Created" rather than "Stopped" for one not started. */
function isDone(status: WorkspaceStatus, starting: boolean): boolean {
  return status === (starting ? 'running' : 'stopped');
}

function progressTitle(name: string, status: WorkspaceStatus, starting: boolean): string {
  if (status === 'failed') {
    return `${name} could not ${starting ? 'start' : 'be created'}`;
  }
  return isDone(status, starting) ? `Created ${name}` : `Creating ${name}`;
}

interface CreateProgressProps {
  workspace: Workspace;
  starting: boolean;
  onStatus: (status: WorkspaceStatus) => void;
  onClose: () => void;
}

/** The steps the new workspace goes through, each shown once; the current one is marked, the last one ends it. */
function CreateProgress({ workspace, starting, onStatus, onClose }: CreateProgressProps) {
  const [status, setStatus] = useState<WorkspaceStatus>(workspace.status);
  const [error, setError] = useState<string | null | undefined>(workspace.error);
  useWorkspaceLive(workspace.id, (patch) => {
    if (patch.status) {
      setStatus(patch.status);
    }
    if (patch.error !== undefined) {
      setError(patch.error);
    }
  });
  useEffect(() => onStatus(status), [onStatus, status]);
  const build = useImageBuild(workspace.id, status);

  const steps = starting ? startSteps : createSteps;
  const reached = steps.indexOf(status);
  const done = isDone(status, starting);
  return (
    <>
      <div className="dialog-body" data-testid="create-progress" data-status={status}>
        <ol className="progress-steps">
          {steps.map((step, index) => (
            <li
              key={step}
              className={index < reached || done ? 'step step-done' : index === reached ? 'step step-current' : 'step'}
              aria-current={index === reached && !done ? 'step' : undefined}
            >
              <span className="step-marker" aria-hidden="true" />
              {step === 'stopped' ? 'Created' : workspaceStatusLabels[step]}
              {step === 'starting' && build ? <BuildProgress build={build} /> : null}
            </li>
          ))}
        </ol>
        {status === 'failed' ? (
          <div className="form-error" role="alert">
            {error || 'The workspace failed to start. Its logs may say why.'}
          </div>
        ) : null}
      </div>
      <footer className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <Link
          to={`/workspaces/${encodeURIComponent(workspace.id)}`}
          className={done || status === 'failed' ? 'button button-primary' : 'button'}
          data-testid="create-open"
        >
          Open workspace
        </Link>
      </footer>
    </>
  );
}

/** The template image build a start is waiting for, while the workspace is Starting; null otherwise. */
function useImageBuild(workspaceId: string, status: WorkspaceStatus): ImageBuild | null {
  const [build, setBuild] = useState<ImageBuild | null>(null);
  useEffect(
    () =>
      hub.on('status', (event) => {
        if (event.workspaceId === workspaceId) {
          setBuild(event.imageBuild ?? null);
        }
      }),
    [workspaceId],
  );
  return status === 'starting' ? build : null;
}

function BuildProgress({ build }: { build: ImageBuild }) {
  return (
    <div className="build-progress" data-testid="create-build" data-percent={build.percent}>
      <div className="build-progress-title">Building the {build.template} template image (first use only; later starts take seconds)</div>
      <div className="build-progress-stage" data-testid="create-build-stage">
        {build.stage} · {build.percent}%
      </div>
      <progress max={100} value={build.percent} aria-label={`Template image build: ${build.percent}%`} />
    </div>
  );
}
