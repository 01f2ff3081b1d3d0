import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTerminal, FakeTerminalHub } from './fakeTerminalHub';
import { resizeDebounceMs, TerminalHubAddon } from './TerminalHubAddon';

const state = vi.hoisted(() => ({ current: undefined as FakeTerminalHub | undefined }));
vi.mock('../net/hub', () => ({
  hub: new Proxy({}, { get: (_, name) => (state.current!.hub as Record<string | symbol, unknown>)[name] }),
}));

let server: FakeTerminalHub;
let terminal: FakeTerminal;
let exits: (number | null)[];
let inputFailures: unknown[];

function load(canWrite = true): TerminalHubAddon {
  const addon = new TerminalHubAddon({
    workspaceId: 'w1',
    sessionId: 's1',
    canWrite,
    columns: 80,
    rows: 24,
    onExited: (exitCode) => exits.push(exitCode),
    onInputFailed: (error) => inputFailures.push(error),
  });
  addon.activate(terminal.asTerminal());
  return addon;
}

beforeEach(() => {
  server = new FakeTerminalHub();
  state.current = server;
  terminal = new FakeTerminal();
  exits = [];
  inputFailures = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TerminalHubAddon', () => {
  it('shows the scrollback on attach, then live output once each', async () => {
    server.write('$ ls\r\n');
    load();
    server.write('a.txt\r\n'); // arrives while the attach is under way
    await vi.waitFor(() => expect(terminal.shown).toBe('$ ls\r\na.txt\r\n'));

    server.write('$ ');

    expect(terminal.shown).toBe('$ ls\r\na.txt\r\n$ ');
    expect(server.calls).toEqual(['attach w1 s1']);
  });

  it('re-attaches after the hub reconnects and fills in what was missed, without repeating what was shown', async () => {
    load();
    server.write('one\r\n');
    await vi.waitFor(() => expect(terminal.shown).toBe('one\r\n'));

    server.write('two\r\n', true); // sent while the connection was down
    server.reconnect();

    await vi.waitFor(() => expect(terminal.shown).toBe('one\r\ntwo\r\n'));
    expect(server.calls.filter((call) => call.startsWith('attach'))).toHaveLength(2);
  });

  it('attaches again when live output skips ahead, to fill the gap from the scrollback', async () => {
    load();
    server.write('$ ');
    await vi.waitFor(() => expect(terminal.shown).toBe('$ '));
    server.write('lost ', true);

    server.write('seen');

    await vi.waitFor(() => expect(terminal.shown).toBe('$ lost seen'));
    expect(server.calls).toEqual(['attach w1 s1', 'attach w1 s1']);
  });

  it('sends keystrokes as input and says once when typing may not have arrived', async () => {
    load();
    server.failInputs = 2;

    terminal.type('l');
    terminal.type('s');
    await vi.waitFor(() => expect(server.calls).toContain('input w1 s1 s'));
    await Promise.resolve();

    expect(inputFailures).toHaveLength(1);
    terminal.type('\r');
    await vi.waitFor(() => expect(server.calls).toContain('input w1 s1 \r'));
    server.failInputs = 1;
    terminal.type('x');
    await vi.waitFor(() => expect(inputFailures).toHaveLength(2));
  });

  it('sends the settled size once after a burst of resizes, and not an unchanged one', async () => {
    vi.useFakeTimers();
    load();

    terminal.resize(100, 30);
    terminal.resize(120, 40);
    vi.advanceTimersByTime(resizeDebounceMs);
    terminal.resize(120, 40);
    vi.advanceTimersByTime(resizeDebounceMs);

    expect(server.calls.filter((call) => call.startsWith('resize'))).toEqual(['resize w1 s1 120x40']);
  });

  it('sends neither keystrokes nor sizes for a viewer', async () => {
    vi.useFakeTimers();
    load(false);

    terminal.type('rm -rf /\r');
    terminal.resize(100, 30);
    vi.advanceTimersByTime(resizeDebounceMs);

    expect(server.calls.filter((call) => !call.startsWith('attach'))).toEqual([]);
  });

  it('reports the exit once, from the event or from an attach that finds the shell ended', async () => {
    load();
    await vi.waitFor(() => expect(server.calls).toEqual(['attach w1 s1']));

    server.exit(3);
    server.reconnect();
    await vi.waitFor(() => expect(server.calls.filter((call) => call.startsWith('attach'))).toHaveLength(2));
    await Promise.resolve();

    expect(exits).toEqual([3]);
    expect(terminal.shown).toContain('[process exited with code 3]');
  });

  it('detaches and lets go of every listener when disposed', async () => {
    const addon = load();
    await vi.waitFor(() => expect(server.calls).toEqual(['attach w1 s1']));

    addon.dispose();
    server.write('after');

    expect(server.calls).toEqual(['attach w1 s1', 'detach w1 s1']);
    expect(server.listeners()).toBe(0);
    expect(terminal.listeners()).toBe(0);
    expect(terminal.shown).toBe('');
  });
});
