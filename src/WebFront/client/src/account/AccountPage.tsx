import { useState, type FormEvent } from 'react';
import { useSession } from '../app/useSession';
import { session } from '../net/session';
import { formErrors, noFormErrors, type FormErrors } from '../ui/formErrors';
import { TextField } from '../ui/TextField';
import { toast } from '../ui/toasts';

export function AccountPage() {
  const state = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [busy, setBusy] = useState(false);
  const user = state.phase === 'signedIn' ? state.user : undefined;

  async function change(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noFormErrors);
    try {
      await session.changePassword(currentPassword, newPassword);
      toast.info('Password changed. Other devices have to sign in again.');
      setCurrentPassword('');
      setNewPassword('');
    } catch (error) {
      setErrors(formErrors(error, ['currentPassword', 'newPassword']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page account-page">
      <h1>Account</h1>
      <div className="card form-card">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user?.displayName}</dd>
          <dt>Email</dt>
          <dd>{user?.email}</dd>
          {user?.isAdmin ? (
            <>
              <dt>Role</dt>
              <dd>Server administrator</dd>
            </>
          ) : null}
        </dl>
      </div>
      <form className="card form-card" onSubmit={(event) => void change(event)} noValidate>
        <h2>Change password</h2>
        <p className="muted">Every other device signed in to this account will have to sign in again.</p>
        {errors.form ? <div className="form-error">{errors.form}</div> : null}
        <TextField label="Current password" type="password" value={currentPassword} onChange={setCurrentPassword} error={errors.fields.currentPassword} autoComplete="current-password" required />
        <TextField label="New password" type="password" value={newPassword} onChange={setNewPassword} error={errors.fields.newPassword} autoComplete="new-password" required />
        <button type="submit" className="button button-primary" disabled={busy || !currentPassword || !newPassword}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
