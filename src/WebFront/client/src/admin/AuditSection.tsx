import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../net/api';
import type { AuditFilter, AuditRecord } from '../net/types';
import { toast } from '../ui/toasts';

const actionGroups: readonly { value: string; label: string }[] = [
  { value: '', label: 'All actions' },
  { value: 'auth', label: 'Sign-ins and accounts' },
  { value: 'auth.login_failed', label: 'Failed sign-ins' },
  { value: 'admin', label: 'Admin changes' },
  { value: 'team', label: 'Teams and invitations' },
  { value: 'workspace', label: 'Workspaces' },
];

/** The whole installation's audit log, newest first, narrowed by action, text and date, a page at a time. */
export function AuditSection() {
  const [draft, setDraft] = useState({ action: '', q: '', since: '', until: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [items, setItems] = useState<AuditRecord[]>();
  const [nextBefore, setNextBefore] = useState<string | null>();

  const load = useCallback(async (applied: AuditFilter, before?: string) => {
    try {
      const page = await api.admin.audit(applied, before);
      setItems((current) => (before ? [...(current ?? []), ...page.items] : page.items));
      setNextBefore(page.nextBefore);
    } catch (error) {
      toast.error(error);
    }
  }, []);

  useEffect(() => {
    void load(filter);
  }, [filter, load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setItems(undefined);
    setFilter({
      action: draft.action || undefined,
      q: draft.q.trim() || undefined,
      // Dates are the user's days: from the start of "since" to the end of "until".
      since: draft.since ? new Date(`${draft.since}T00:00:00`).toISOString() : undefined,
      until: draft.until ? new Date(new Date(`${draft.until}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
    });
  }

  return (
    <div className="card">
      <form className="admin-filters" onSubmit={apply} data-testid="audit-filters">
        <select value={draft.action} onChange={(event) => setDraft({ ...draft, action: event.target.value })} aria-label="Action" data-testid="audit-action">
          {actionGroups.map((group) => (
            <option key={group.value} value={group.value}>
              {group.label}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Email or subject"
          value={draft.q}
          onChange={(event) => setDraft({ ...draft, q: event.target.value })}
          aria-label="Email or subject"
          data-testid="audit-text"
        />
        <label className="admin-date">
          From
          <input type="date" value={draft.since} onChange={(event) => setDraft({ ...draft, since: event.target.value })} data-testid="audit-since" />
        </label>
        <label className="admin-date">
          To
          <input type="date" value={draft.until} onChange={(event) => setDraft({ ...draft, until: event.target.value })} data-testid="audit-until" />
        </label>
        <button type="submit" className="button button-primary" data-testid="audit-apply">
          Filter
        </button>
      </form>
      {items === undefined ? (
        <div className="empty">Loading…</div>
      ) : items.length === 0 ? (
        <div className="empty" data-testid="audit-empty">
          Nothing matches these filters.
        </div>
      ) : (
        <table className="admin-table" data-testid="audit-entries">
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Who</th>
              <th>About</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="audit-entry" data-action={item.action}>
                <td className="muted admin-nowrap">{new Date(item.occurredAt).toLocaleString()}</td>
                <td>
                  <code>{item.action}</code>
                </td>
                <td>{item.actorEmail ?? <span className="muted">—</span>}</td>
                <td className="admin-subject">{item.subject ?? (item.workspaceId ? `workspace ${item.workspaceId}` : '')}</td>
                <td className="muted">{item.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore ? (
        <div className="admin-more">
          <button type="button" className="button" onClick={() => void load(filter, nextBefore)} data-testid="audit-more">
            Older entries
          </button>
        </div>
      ) : null}
    </div>
  );
}
