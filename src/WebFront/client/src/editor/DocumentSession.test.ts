import { getSyncedVersion } from '@codemirror/collab';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentSession, type SessionStatus } from './DocumentSession';
import { fake, StateHost } from './fakeHub';
import { remoteCursorsOf } from './remoteCursors';

vi.mock('../net/hub', async () => ({ hub: (await import('./fakeHub')).fake.hub }));

interface Client {
  session: DocumentSession;
  host: () => StateHost;
  status: () => SessionStatus;
  /** Every status the session published, oldest first. */
  history: SessionStatus[];
}

const sessions: DocumentSession[] = [];

async function open(): Promise<Client> {
  let host: StateHost | undefined;
  let status: SessionStatus | undefined;
  const history: SessionStatus[] = [];
  const session = new DocumentSession(
    'w1',
    'notes.txt',
    (state) => (host = new StateHost(state)),
    (next) => {
      status = next;
      history.push(next);
    },
  );
  sessions.push(session);
  session.start();
  await vi.waitFor(() => expect(status?.phase).toBe('open'));
  return { session, host: () => host!, status: () => status!, history };
}

function text(client: Client): string {
  return client.host().state.doc.toString();
}

/** Retries back off (0.1 s, 0.2 s, 0.4 s ...), so converging after a few failures takes more than waitFor's default second. */
const retriesSettle = { timeout: 10_000 };

async function converged(...clients: Client[]): Promise<void> {
  await vi.waitFor(() => {
    for (const client of clients) {
      expect(text(client)).toBe(fake.text());
      expect(client.status().unsynced).toBe(false);
      expect(getSyncedVersion(client.host().state)).toBe(fake.version);
    }
  }, retriesSettle);
}

beforeEach(() => fake.reset('one\ntwo\nthree'));

afterEach(() => {
  for (const session of sessions.splice(0)) {
    session.dispose();
  }
});

describe('DocumentSession', () => {
  it('opens with the server text and version', async () => {
    fake.serverEdit({ from: 0, insert: '0\n' });
    const a = await open();
    expect(text(a)).toBe('0\none\ntwo\nthree');
    expect(getSyncedVersion(a.host().state)).toBe(1);
    expect(a.status().canEdit).toBe(true);
  });

  it('converges when two editors type at once', async () => {
    const a = await open();
    const b = await open();
    a.host().type(0, 'A says hi. ');
    b.host().type(text(b).length, ' B was here');
    a.host().type(text(a).length, '!');
    await converged(a, b);
    expect(fake.text()).toContain('A says hi. one');
    expect(fake.text()).toMatch(/three(! B was here| B was here!)$/);
    expect(fake.pushes.some((p) => !p.accepted)).toBe(true);
  });

  it('confirms an accepted push without waiting for its event', async () => {
    const a = await open();
    fake.loseEvents = 1;
    a.host().type(0, 'x');
    await converged(a);
    expect(text(a)).toBe('xone\ntwo\nthree');
  });

  it('pulls the updates it missed when a later batch arrives', async () => {
    const a = await open();
    fake.loseEvents = 1;
    fake.serverEdit({ from: 0, insert: 'lost ' });
    fake.serverEdit({ from: 3, to: 4, insert: 'T' });
    await converged(a);
    expect(text(a)).toBe('lost one\ntwo\nthree'.replace('lost', 'losT'));
  });

  it('shows the other editor\'s cursor, with its name, where it is', async () => {
    const a = await open();
    const b = await open();
    a.host().dispatch({ selection: { anchor: 4, head: 7 } });
    await vi.waitFor(() => {
      const cursors = remoteCursorsOf(b.host().state);
      expect(cursors).toHaveLength(1);
      expect(cursors[0]!.name).toMatch(/^Name /);
      expect(cursors[0]!.ranges).toEqual([{ anchor: 4, head: 7 }]);
    });
    // B types before the selection: the cursor moves with the text it is on.
    b.host().type(0, '>>');
    expect(remoteCursorsOf(b.host().state)[0]!.ranges).toEqual([{ anchor: 6, head: 9 }]);
  });

  it('removes the agent\'s cursor when its run or revert ends, including one that arrived ahead of the editor', async () => {
    const a = await open();
    const agent = { workspaceId: 'w1', path: 'notes.txt', userId: 'u1', name: 'Bob Builder (reverting the AI agent)', color: '#7c3aed', ranges: [{ anchor: 1, head: 1 }] };
    fake.emit('documentPresence', { ...agent, clientID: 'agent:run1', version: getSyncedVersion(a.host().state), left: false });
    // A second run's cursor at a version the editor has not reached yet waits for it; leaving drops it too.
    fake.emit('documentPresence', { ...agent, clientID: 'agent:run2', version: getSyncedVersion(a.host().state) + 5, left: false });
    await vi.waitFor(() => expect(remoteCursorsOf(a.host().state).map((c) => c.name)).toEqual([agent.name]));

    fake.emit('documentPresence', { ...agent, clientID: 'agent:run1', version: 0, ranges: [], left: true });
    fake.emit('documentPresence', { ...agent, clientID: 'agent:run2', version: 0, ranges: [], left: true });
    await vi.waitFor(() => expect(remoteCursorsOf(a.host().state)).toEqual([]));
    fake.serverEdit({ from: 0, insert: 'x'.repeat(6) });
    await converged(a);
    expect(remoteCursorsOf(a.host().state)).toEqual([]);
  });

  it('keeps edits made offline and sends them after the reconnect, over what changed meanwhile', async () => {
    const a = await open();
    const b = await open();
    fake.goOffline();
    expect(a.status().connection).toBe('reconnecting');
    a.host().type(text(a).length, '\nfour');
    expect(a.status().unsynced).toBe(true);
    fake.serverEdit({ from: 0, insert: 'zero\n' });
    expect(fake.text()).not.toContain('four');
    fake.reconnect();
    await converged(a, b);
    expect(fake.text()).toBe('zero\none\ntwo\nthree\nfour');
  });

  it('reloads when too far behind and applies the unsent edits again', async () => {
    const a = await open();
    fake.goOffline();
    a.host().type(text(a).length, ' (mine)');
    fake.serverEdit({ from: 0, to: 3, insert: 'ONE' });
    fake.serverEdit({ from: 4, to: 7, insert: 'TWO' });
    fake.forgetHistory();
    fake.reconnect();
    await converged(a);
    expect(fake.text()).toBe('ONE\nTWO\nthree (mine)');
    expect(a.status().info).toMatch(/unsent edits were applied again/);
  });

  it('keeps the unsent edits when a push fails transiently, and stores them exactly once after the retry', async () => {
    const a = await open();
    fake.failPushes = 2;
    a.host().type(0, 'kept ');
    await vi.waitFor(() => expect(a.status().retrying).toBe(true));
    expect(a.status().unsynced).toBe(true);
    a.host().type(text(a).length, ' and more');
    await converged(a);
    expect(fake.text()).toBe('kept one\ntwo\nthree and more');
    expect(fake.pushes.filter((p) => p.accepted)).toHaveLength(1);
    await vi.waitFor(() => expect(a.status().retrying).toBe(false), retriesSettle);
    expect(a.status().saveError).toBeUndefined();
    expect(a.status().info).toBeUndefined();
    expect(a.history.some((s) => s.retrying && s.unsynced)).toBe(true);
  });

  it('stores edits once when the failed push had reached the server and only its answer was lost', async () => {
    const a = await open();
    const b = await open();
    fake.failPushes = 1;
    fake.failAfterStoring = true;
    a.host().type(0, 'once ');
    await converged(a, b);
    expect(fake.text()).toBe('once one\ntwo\nthree');
    expect(fake.pushes.filter((p) => p.accepted)).toHaveLength(1);
    await vi.waitFor(() => expect(a.status().retrying).toBe(false), retriesSettle);
    expect(fake.pushes.filter((p) => p.accepted)).toHaveLength(1);
  });

  it('keeps retrying with backoff while opening again fails too, then sends everything typed meanwhile', async () => {
    const a = await open();
    fake.failPushes = 1;
    fake.failOpens = 3;
    a.host().type(0, '1');
    await vi.waitFor(() => expect(a.status().retrying).toBe(true));
    a.host().type(1, '2');
    fake.serverEdit({ from: fake.text().length, insert: '!' });
    await converged(a);
    expect(fake.text()).toBe('12one\ntwo\nthree!');
    expect(fake.failOpens).toBe(0);
    await vi.waitFor(() => expect(a.status().retrying).toBe(false), retriesSettle);
  });

  it('still reloads on a definite refusal, saying the edits were not kept, and clears that once later edits are stored', async () => {
    const a = await open();
    fake.canEdit = false;
    a.host().type(0, 'refused ');
    await vi.waitFor(() =>
      expect(a.status().saveError).toBe('Your last edits could not be saved: you need write access to edit this file. Your unsent edits were not kept.'),
    );
    expect(text(a)).toBe('one\ntwo\nthree');
    expect(a.status().canEdit).toBe(false);
    expect(a.history.some((s) => s.retrying)).toBe(false);
    expect(fake.pushes).toHaveLength(0);

    // Write access back (the next open says so): what is typed then is stored, and the error goes.
    fake.canEdit = true;
    fake.goOffline();
    fake.reconnect();
    await vi.waitFor(() => expect(a.status().canEdit).toBe(true));
    expect(a.status().saveError).toMatch(/^Your last edits could not be saved/);
    a.host().type(0, 'allowed ');
    await converged(a);
    expect(fake.text()).toBe('allowed one\ntwo\nthree');
    expect(a.status().saveError).toBeUndefined();
  });

  it('sends its presence again every two minutes, so the server keeps the cursor and keeps watching the file', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const sent: string[] = [];
      fake.hub.on('documentPresence', (presence) => sent.push(presence.clientID));
      await open();
      await vi.waitFor(() => expect(sent).toHaveLength(1));
      vi.advanceTimersByTime(2 * 60 * 1000);
      await vi.waitFor(() => expect(sent).toHaveLength(2));
      expect(sent[1]).toBe(sent[0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is read-only for a viewer, who still sees the others\' edits', async () => {
    fake.canEdit = false;
    const viewer = await open();
    expect(viewer.status().canEdit).toBe(false);
    expect(viewer.host().state.readOnly).toBe(true);
    fake.serverEdit({ from: 0, insert: 'new ' });
    await converged(viewer);
    expect(text(viewer)).toBe('new one\ntwo\nthree');
  });

  it('closes on a deleted-file notice and shows its message', async () => {
    const a = await open();
    fake.emit('documentNotice', { workspaceId: 'w1', path: 'notes.txt', kind: 'deleted', message: 'notes.txt was deleted.' });
    await vi.waitFor(() => expect(a.status().phase).toBe('closed'));
    expect(a.status().notice?.message).toBe('notes.txt was deleted.');
    expect(a.host().state.readOnly).toBe(true);
  });

  it('ignores events of other documents', async () => {
    const a = await open();
    fake.emit('documentUpdates', { workspaceId: 'w1', path: 'other.txt', startVersion: 0, updates: [{ clientID: 'x', changes: [[0, 'bad']] }] });
    fake.serverEdit({ from: 0, insert: 'ok ' });
    await converged(a);
    expect(text(a)).toBe('ok one\ntwo\nthree');
  });
});
