// What to do with a batch of updates the server announced (documentUpdates or a pull's answer), given the version
// this editor has synced to. Updates arrive in version order without gaps, but a batch can overlap what a pull already
// brought, or come after a batch this editor missed (it joined the group late, or the connection dropped).

export type UpdatesDecision =
  /** Apply the batch from index `skip` on (the first `skip` updates were already applied). */
  | { kind: 'apply'; skip: number }
  /** The batch starts after the synced version: updates are missing, pull them. */
  | { kind: 'pull' }
  /** Every update of the batch was already applied. */
  | { kind: 'ignore' };

export function decideUpdates(startVersion: number, count: number, syncedVersion: number): UpdatesDecision {
  if (startVersion > syncedVersion) {
    return { kind: 'pull' };
  }
  const skip = syncedVersion - startVersion;
  return skip >= count ? { kind: 'ignore' } : { kind: 'apply', skip };
}

/** When a presence event at `presenceVersion` can be shown, for an editor synced to `syncedVersion`. */
export type PresenceTiming =
  /** Same version: its ranges are positions in the synced document. */
  | 'now'
  /** The presence is ahead: keep it until the updates it saw have arrived. */
  | 'later'
  /** Older: map its ranges through the updates since then (kept from `oldestKnown` on). */
  | 'map'
  /** Older than the updates kept: show it clamped to the document until a newer one comes. */
  | 'clamp';

export function presenceTiming(presenceVersion: number, syncedVersion: number, oldestKnown: number): PresenceTiming {
  if (presenceVersion === syncedVersion) {
    return 'now';
  }
  if (presenceVersion > syncedVersion) {
    return 'later';
  }
  return presenceVersion >= oldestKnown ? 'map' : 'clamp';
}
