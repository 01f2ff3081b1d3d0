import { useEffect, useState } from 'react';
import { api } from '../net/api';
import type { PreviewLink, PreviewPort } from '../net/types';
import { toast } from '../ui/toasts';
import { choosePort, needsNewLink, normalizePreviewPath, previewAddress, previewOrigin, samePorts, sortPorts } from './previewAddress';

/** How often the open tab asks which ports the workspace listens on. */
const refreshMs = 3_000;

type Ports = { state: 'loading' } | { state: 'loaded'; ports: PreviewPort[] } | { state: 'failed'; message: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The Preview tab: the ports the workspace listens on (asked again every few seconds while the tab is open), the
 * chosen port's app in a frame on its own origin with an address bar, reload and "open in new tab", and for the
 * owner a public/private switch per port.
 */
export function PreviewPanel({ workspaceId, running, active, isOwner }: { workspaceId: string; running: boolean; active: boolean; isOwner: boolean }) {
  const [ports, setPorts] = useState<Ports>({ state: 'loading' });
  const [selected, setSelected] = useState<number>();
  const [link, setLink] = useState<PreviewLink>();
  const [linkError, setLinkError] = useState<string>();
  const [path, setPath] = useState('/');
  const [draft, setDraft] = useState('/');
  const [frameKey, setFrameKey] = useState(0);
  const [toggling, setToggling] = useState<number>();

  // The port list, while the tab is open and the workspace runs.
  useEffect(() => {
    if (!active || !running) {
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function refresh() {
      try {
        const next = sortPorts(await api.workspaces.ports(workspaceId));
        if (!cancelled) {
          setPorts((current) => (current.state === 'loaded' && samePorts(current.ports, next) ? current : { state: 'loaded', ports: next }));
        }
      } catch (error) {
        if (!cancelled) {
          setPorts({ state: 'failed', message: message(error) });
        }
      }
      if (!cancelled) {
        timer = setTimeout(() => void refresh(), refreshMs);
      }
    }
    void refresh();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [workspaceId, active, running]);

  const portList = ports.state === 'loaded' && running ? ports.ports : [];
  const shown = choosePort(portList, selected);
  const shownPort = portList.find((p) => p.port === shown);

  // A link (with its token) for the port shown, renewed before it expires.
  useEffect(() => {
    if (shown === undefined || !active || !needsNewLink(link, shown, Date.now())) {
      return;
    }
    let cancelled = false;
    api.workspaces
      .previewLink(workspaceId, shown)
      .then((next) => {
        if (!cancelled) {
          setLink(next);
          setLinkError(undefined);
        }
      })
      .catch((error: unknown) => !cancelled && setLinkError(message(error)));
    return () => {
      cancelled = true;
    };
  }, [workspaceId, shown, active, link]);

  function choose(port: number) {
    if (port !== shown) {
      setSelected(port);
      setLinkError(undefined);
      setPath('/');
      setDraft('/');
    }
  }

  function go(event: React.FormEvent) {
    event.preventDefault();
    const next = normalizePreviewPath(draft);
    setDraft(next);
    setPath(next);
    setFrameKey((key) => key + 1);
  }

  async function togglePublic(port: PreviewPort) {
    setToggling(port.port);
    try {
      await api.workspaces.setPortPublic(workspaceId, port.port, !port.public);
      setPorts((current) =>
        current.state === 'loaded'
          ? { state: 'loaded', ports: current.ports.map((p) => (p.port === port.port ? { ...p, public: !port.public } : p)) }
          : current,
      );
      toast.info(port.public ? `Port ${port.port} is private again.` : `Port ${port.port} is public: anyone with its link can open it.`);
    } catch (error) {
      toast.error(error);
    } finally {
      setToggling(undefined);
    }
  }

  if (!running) {
    return (
      <div className="preview-panel" data-testid="preview-panel">
        <div className="preview-empty" data-testid="preview-not-running">
          The workspace is not running. Start it, then start a server in the terminal to preview it here.
        </div>
      </div>
    );
  }

  const address = link && link.port === shown ? previewAddress(link.url, path) : undefined;

  return (
    <div className="preview-panel" data-testid="preview-panel" data-port={shown ?? ''}>
      {portList.length > 0 || ports.state === 'loading' ? (
        <div className="preview-ports" data-testid="preview-ports">
          <span className="preview-label">Ports</span>
          {portList.map((port) => (
            <span key={port.port} className={`preview-port${port.port === shown ? ' active' : ''}${port.loopbackOnly ? ' loopback' : ''}`}>
              <button
                type="button"
                className="preview-port-choose"
                onClick={() => choose(port.port)}
                aria-pressed={port.port === shown}
                title={port.loopbackOnly ? `Port ${port.port} listens on 127.0.0.1 only` : `Preview port ${port.port}`}
                data-testid={`preview-port-${port.port}`}
              >
                {port.loopbackOnly ? '⚠ ' : ''}
                {port.port}
              </button>
              {isOwner ? (
                <button
                  type="button"
                  className={`preview-visibility${port.public ? ' public' : ''}`}
                  onClick={() => void togglePublic(port)}
                  disabled={toggling === port.port}
                  aria-pressed={port.public}
                  title={port.public ? 'Anyone with the link can open this port: click to make it private' : 'Only people who can see this workspace can open it: click to make it public'}
                  data-testid={`preview-public-${port.port}`}
                >
                  {port.public ? 'Public' : 'Private'}
                </button>
              ) : port.public ? (
                <span className="preview-visibility public" title="Anyone with the link can open this port">
                  Public
                </span>
              ) : null}
            </span>
          ))}
          {ports.state === 'loading' ? <span className="muted">Looking for servers…</span> : null}
        </div>
      ) : null}

      {ports.state === 'failed' ? (
        <div className="preview-empty preview-error" role="alert" data-testid="preview-error">
          Could not list the ports: {ports.message}
        </div>
      ) : ports.state === 'loaded' && portList.length === 0 ? (
        <div className="preview-empty" data-testid="preview-empty">
          <p>Nothing listens on a port yet.</p>
          <p>
            Start a server in the terminal, e.g. <code>python3 -m http.server 8000</code>, and it shows up here.
          </p>
        </div>
      ) : shownPort ? (
        <>
          {shownPort.loopbackOnly ? (
            <div className="preview-hint" role="note" data-testid="preview-loopback">
              The server on port {shownPort.port} listens on 127.0.0.1 only, which the preview cannot reach. Start it on 0.0.0.0 (e.g.{' '}
              <code>--host 0.0.0.0</code> or <code>--bind 0.0.0.0</code>).
            </div>
          ) : null}
          <form className="preview-bar" onSubmit={go}>
            <button type="button" className="preview-tool" onClick={() => setFrameKey((key) => key + 1)} title="Reload" aria-label="Reload" data-testid="preview-reload">
              ⟳
            </button>
            <span className="preview-host" title={link ? previewOrigin(link.url) : undefined}>
              {link ? previewOrigin(link.url) : `port ${shownPort.port}`}
            </span>
            <input
              className="preview-path"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              aria-label="Path inside the app"
              spellCheck={false}
              autoCapitalize="off"
              data-testid="preview-path"
            />
            <a
              className={`preview-tool${address ? '' : ' disabled'}`}
              href={address}
              target="_blank"
              rel="noopener noreferrer"
              title="Open in a new tab"
              aria-label="Open in a new tab"
              data-testid="preview-open"
            >
              ↗
            </a>
          </form>
          {linkError ? (
            <div className="preview-empty preview-error" role="alert">
              Could not open the preview: {linkError}
            </div>
          ) : address ? (
            <iframe
              key={`${shown}-${frameKey}`}
              className="preview-frame"
              src={address}
              title={`Preview of port ${shownPort.port}`}
              referrerPolicy="no-referrer"
              sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
              data-testid="preview-frame"
            />
          ) : (
            <div className="preview-empty muted">Opening…</div>
          )}
        </>
      ) : null}
    </div>
  );
}
