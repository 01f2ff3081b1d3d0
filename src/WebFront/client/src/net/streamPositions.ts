// Where the tab is in each resumable stream (a workspace's status events, its log lines, its agent events): the token of the last
// event it handled. A reconnect resumes after it, and an event at or before it is a repeat (the server may send one
// again after a web silo failed over) and is dropped. Tokens are the server's "p{partition}-o{offset}-e{index}".

export type ResumableStream = 'status' | 'logs' | 'agent';

/**
 * The hub call that (re)starts a feed's events: resume after the last tokens, or join from now on. A workspace's feed
 * carries two streams, status and logs, resumed together (null: that stream from now on).
 */
export type StreamJoin =
  | { method: 'ResumeWorkspace'; args: [workspaceId: string, since: string | null, logsSince: string | null] }
  | { method: 'ResumeAgent'; args: [workspaceId: string, since: string] }
  | { method: 'JoinWorkspace' | 'WatchAgent'; args: [workspaceId: string] };

interface Position {
  partition: number;
  offset: number;
  index: number;
}

const tokenPattern = /^p(\d+)-o(\d+)-e(\d+)$/;

function parse(token: string): Position | null {
  const match = tokenPattern.exec(token);
  return match ? { partition: Number(match[1]), offset: Number(match[2]), index: Number(match[3]) } : null;
}

/** Negative when a comes before b in its stream (one partition: the partition only breaks ties, as on the server). */
function compare(a: Position, b: Position): number {
  return a.offset - b.offset || a.index - b.index || a.partition - b.partition;
}

export function createStreamPositions() {
  const last = new Map<string, { token: string; position: Position }>();
  // Marks the server set in a stream before the tab read what came earlier another way (the logs' tail): where to resume
  // while no event of the stream has arrived. A mark is no event, so it decides nothing about repeats.
  const marks = new Map<string, string>();
  const keyOf = (stream: ResumableStream, workspaceId: string) => `${stream}:${workspaceId}`;
  const resumeFrom = (stream: ResumableStream, workspaceId: string) => {
    const key = keyOf(stream, workspaceId);
    return last.get(key)?.token ?? marks.get(key);
  };

  return {
    /**
     * Records an event's token; false when the event is a repeat (at or before the last one handled). Events without a
     * token (the server keeps the streams in memory) are always new.
     */
    accept(stream: ResumableStream, workspaceId: string, token: string | null | undefined): boolean {
      const position = token ? parse(token) : null;
      if (!token || !position) {
        return true;
      }
      const key = keyOf(stream, workspaceId);
      const previous = last.get(key);
      if (previous && compare(position, previous.position) <= 0) {
        return false;
      }
      last.set(key, { token, position });
      return true;
    },

    /** The token of the last event handled, if any. */
    since(stream: ResumableStream, workspaceId: string): string | undefined {
      return last.get(keyOf(stream, workspaceId))?.token;
    },

    /** Where a reconnect resumes the stream: after the last event handled, else after the stream's mark, if any. */
    resumeFrom(stream: ResumableStream, workspaceId: string): string | undefined {
      return resumeFrom(stream, workspaceId);
    },

    /** Records the server's mark of a stream (MarkLogs) as where to resume until one of its events arrives. */
    mark(stream: ResumableStream, workspaceId: string, token: string | null | undefined): void {
      if (token && parse(token)) {
        marks.set(keyOf(stream, workspaceId), token);
      }
    },

    /** Forgets the stream's position and mark: nobody watches it any more, or the server could not resume it. */
    forget(stream: ResumableStream, workspaceId: string): void {
      last.delete(keyOf(stream, workspaceId));
      marks.delete(keyOf(stream, workspaceId));
    },

    /** The hub call that starts the feed's events for this tab: the workspace's (status and logs) or its agent's. */
    join(feed: 'workspace' | 'agent', workspaceId: string): StreamJoin {
      if (feed === 'agent') {
        const since = last.get(keyOf('agent', workspaceId))?.token;
        return since ? { method: 'ResumeAgent', args: [workspaceId, since] } : { method: 'WatchAgent', args: [workspaceId] };
      }
      const since = last.get(keyOf('status', workspaceId))?.token ?? null;
      const logsSince = resumeFrom('logs', workspaceId) ?? null;
      return since || logsSince
        ? { method: 'ResumeWorkspace', args: [workspaceId, since, logsSince] }
        : { method: 'JoinWorkspace', args: [workspaceId] };
    },
  };
}

export type StreamPositions = ReturnType<typeof createStreamPositions>;
