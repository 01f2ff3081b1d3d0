import { useEffect, useState } from 'react';
import { api } from '../net/api';
import type { AdminSettings, SignUpPolicy } from '../net/types';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { toast } from '../ui/toasts';

const policies: readonly { value: SignUpPolicy; label: string; description: string }[] = [
  { value: 'open', label: 'Open', description: 'Anyone who reaches Vibe can create an account.' },
  { value: 'inviteOnly', label: 'Invite only', description: 'People need a team invitation; any team owner or admin can invite.' },
  { value: 'closed', label: 'Closed', description: 'Only invitations from an installation admin create accounts; others reach existing accounts only.' },
];

/** Who may sign up, and which private addresses teams' AI providers may use. */
export function SettingsSection() {
  const [settings, setSettings] = useState<AdminSettings>();
  const [endpoints, setEndpoints] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.admin
      .settings()
      .then((loaded) => {
        setSettings(loaded);
        setEndpoints(loaded.allowedAgentEndpoints.join('\n'));
      })
      .catch(toast.error);
  }, []);

  async function save(change: { signUp?: SignUpPolicy; allowedAgentEndpoints?: string[] }) {
    const before = settings;
    setBusy(true);
    setErrors(noFormErrors);
    if (change.signUp && before) {
      setSettings({ ...before, signUp: change.signUp }); // the choice shows at once; the server's answer confirms it
    }
    try {
      const saved = await api.admin.updateSettings(change);
      setSettings(saved);
      setEndpoints(saved.allowedAgentEndpoints.join('\n'));
      toast.info('Saved.');
    } catch (error) {
      setSettings(before);
      setErrors(formErrors(error, ['signUp', 'allowedAgentEndpoints']));
    } finally {
      setBusy(false);
    }
  }

  if (!settings) {
    return <div className="card empty">Loading…</div>;
  }
  return (
    <div className="admin-settings">
      <div className="card">
        <div className="card-header">
          <h2>Sign-up</h2>
        </div>
        <fieldset className="admin-policies" disabled={busy} aria-label="Sign-up policy" data-testid="signup-policy">
          <p className="muted admin-note">Who may create an account. Invitations work in every mode.</p>
          {policies.map((policy) => (
            <label key={policy.value} className={`admin-policy${settings.signUp === policy.value ? ' selected' : ''}`}>
              <input
                type="radio"
                name="signUp"
                value={policy.value}
                checked={settings.signUp === policy.value}
                onChange={() => void save({ signUp: policy.value })}
                data-testid={`signup-policy-${policy.value}`}
              />
              <span>
                <strong>{policy.label}</strong>
                <span className="muted">{policy.description}</span>
              </span>
            </label>
          ))}
          {errors.fields.signUp ? <div className="field-error">{errors.fields.signUp}</div> : null}
          <p className="muted admin-note">
            {settings.email
              ? 'Vibe sends email: open sign-ups are finished from a link sent to the address, and invitations are emailed.'
              : 'Vibe does not send email (Vibe:Email): invitation links are copied by hand, and an open sign-up tells whoever tries that an address is taken.'}
          </p>
        </fieldset>
      </div>
      <div className="card">
        <div className="card-header">
          <h2>AI endpoints on private networks</h2>
        </div>
        <form
          className="admin-endpoints"
          onSubmit={(event) => {
            event.preventDefault();
            void save({ allowedAgentEndpoints: endpoints.split('\n').map((line) => line.trim()).filter(Boolean) });
          }}
        >
          <p className="muted">
            Teams may point their AI provider only at public addresses. List here the servers on this machine or your network they may use
            instead, one per line (e.g. http://10.0.0.5:11434/v1 for Ollama); scheme, host and port must match.
          </p>
          <textarea value={endpoints} onChange={(event) => setEndpoints(event.target.value)} rows={4} aria-label="Allowed endpoints" data-testid="allowed-endpoints" />
          {errors.fields.allowedAgentEndpoints ? <div className="field-error">{errors.fields.allowedAgentEndpoints}</div> : null}
          {errors.form ? <div className="form-error">{errors.form}</div> : null}
          {settings.configuredAllowedAgentEndpoints.length > 0 ? (
            <p className="muted">Also allowed by the server's configuration: {settings.configuredAllowedAgentEndpoints.join(', ')}</p>
          ) : null}
          <div>
            <button type="submit" className="button button-primary" disabled={busy} data-testid="allowed-endpoints-save">
              Save endpoints
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
