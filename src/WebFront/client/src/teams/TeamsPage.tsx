import { useState, type FormEvent } from 'react';
import { Link } from '../app/Link';
import { useLoad } from '../app/useLoad';
import { navigate } from '../app/router';
import { api } from '../net/api';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import { toast } from '../ui/toasts';
import { MyInvitations } from './MyInvitations';
import { roleLabel } from './roleLabel';
import './teams.css';

export function TeamsPage() {
  const { loaded } = useLoad(
    (signal) =>
      api.teams.list(signal).then(
        (list) => [...list].sort((a, b) => a.name.localeCompare(b.name)),
        (error: unknown) => {
          if (!signal.aborted) {
            toast.error(error);
          }
          return [];
        },
      ),
    [],
  );
  const teams = loaded.state === 'loaded' ? loaded.value : undefined;
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      const team = await api.teams.create(name.trim());
      navigate(`/teams/${encodeURIComponent(team.id)}`);
    } catch (error) {
      setErrors(formErrors(error, ['name']));
      setBusy(false);
    }
  }

  return (
    <section className="page">
      <div className="page-header">
        <div>
          <h1>Teams</h1>
          <p className="muted page-subtitle">Share workspaces with people: owners and admins manage members, members work, viewers watch.</p>
        </div>
      </div>
      <MyInvitations />
      <div className="teams-layout">
        <div className="card" data-testid="team-list">
          {teams === undefined ? (
            <div className="empty">Loading…</div>
          ) : teams.length === 0 ? (
            <div className="empty">You are not in a team yet. Create one, or join one you are invited to.</div>
          ) : (
            <ul className="team-list">
              {teams.map((team) => (
                <li key={team.id}>
                  <Link to={`/teams/${encodeURIComponent(team.id)}`} className="team-link" data-testid="team-row" data-team-id={team.id}>
                    <span className="team-avatar" aria-hidden="true">
                      {team.name.slice(0, 1).toUpperCase()}
                    </span>
                    <span className="team-name">{team.name}</span>
                    <span className={`role role-${team.role}`}>{roleLabel(team.role)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        <form className="card form-card" onSubmit={(event) => void create(event)} noValidate>
          <h2>Create a team</h2>
          {errors.form ? <div className="form-error">{errors.form}</div> : null}
          <TextField label="Team name" value={name} onChange={setName} error={errors.fields.name} required testId="team-name" />
          <button type="submit" className="button button-primary" disabled={busy || !name.trim()} data-testid="team-create">
            {busy ? 'Creating…' : 'Create team'}
          </button>
        </form>
      </div>
    </section>
  );
}
