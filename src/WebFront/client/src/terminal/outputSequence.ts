// Puts a terminal's output together from the scrollback that AttachTerminal returns and the terminalOutput
// events, so that nothing is written twice and nothing is lost across re-attaches. Offsets count UTF-16 code
// units of the output (a chunk covers [offset, offset + data.length)). Every function returns a new state and
// what to write; nothing is mutated.

export interface OutputChunk {
  offset: number;
  data: string;
}

export interface OutputSequence {
  /** False between asking to attach and getting the scrollback: live chunks wait in pending meanwhile. */
  readonly attached: boolean;
  /** The offset just past the last character written to the terminal; null before the first attach. */
  readonly next: number | null;
  readonly pending: readonly OutputChunk[];
}

export interface OutputStep {
  readonly sequence: OutputSequence;
  /** Text to write to the terminal. */
  readonly write: string;
  /** Clear the terminal before writing: what it shows can no longer be continued. */
  readonly reset: boolean;
  /** Output was missed: attach again to fill the gap from the scrollback. */
  readonly resync: boolean;
}

export const emptySequence: OutputSequence = { attached: false, next: null, pending: [] };

/** Starts (re-)attaching: keeps the position, buffers live output until the scrollback arrives. */
export function beginAttach(sequence: OutputSequence): OutputSequence {
  return { attached: false, next: sequence.next, pending: sequence.pending };
}

/** The scrollback covers [endOffset − scrollback.length, endOffset): write what the terminal has not shown yet. */
export function completeAttach(sequence: OutputSequence, scrollback: string, endOffset: number): OutputStep {
  const start = endOffset - scrollback.length;
  let write: string;
  let reset = false;
  if (sequence.next === null) {
    write = scrollback;
  } else if (sequence.next < start || sequence.next > endOffset) {
    // More was missed than the server keeps, or the server's history restarted: show the scrollback afresh.
    write = scrollback;
    reset = true;
  } else {
    write = scrollback.slice(sequence.next - start);
  }

  let next = endOffset;
  const ordered = [...sequence.pending].sort((a, b) => a.offset - b.offset);
  for (const chunk of ordered) {
    const end = chunk.offset + chunk.data.length;
    if (end <= next) {
      continue;
    }
    // A chunk past the scrollback's end cannot be filled in by attaching again; write it rather than loop.
    write += chunk.data.slice(Math.max(0, next - chunk.offset));
    next = end;
  }
  return { sequence: { attached: true, next, pending: [] }, write, reset, resync: false };
}

/** A terminalOutput event: drop what was written already, trim an overlap, ask for a resync on a gap. */
export function receiveOutput(sequence: OutputSequence, chunk: OutputChunk): OutputStep {
  if (!sequence.attached || sequence.next === null) {
    return { sequence: { ...sequence, pending: [...sequence.pending, chunk] }, write: '', reset: false, resync: false };
  }
  const end = chunk.offset + chunk.data.length;
  if (end <= sequence.next) {
    return { sequence, write: '', reset: false, resync: false };
  }
  if (chunk.offset > sequence.next) {
    return { sequence: { attached: false, next: sequence.next, pending: [chunk] }, write: '', reset: false, resync: true };
  }
  return {
    sequence: { attached: true, next: end, pending: [] },
    write: chunk.data.slice(sequence.next - chunk.offset),
    reset: false,
    resync: false,
  };
}
