// How someone else's cursor is labelled and coloured. The server sets name and colour, but they end up in the page's
// styles, so anything that is not a plain colour is replaced by one derived from the user id.

const maxLabelLength = 24;
const hexColor = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const functionColor = /^(?:rgb|rgba|hsl|hsla)\(\s*[0-9.]+(?:deg)?%?\s*[, ]\s*[0-9.]+%?\s*[, ]\s*[0-9.]+%?\s*(?:[,/]\s*[0-9.]+%?\s*)?\)$/i;

/** A colour for `seed` (a user id) on the hue circle, readable with white text. */
export function colorFromSeed(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) {
    hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  }
  return `hsl(${hash % 360}, 65%, 42%)`;
}

/** `color` when it is a hex, rgb() or hsl() colour; otherwise one derived from `seed`. */
export function safeColor(color: string | null | undefined, seed: string): string {
  const trimmed = (color ?? '').trim();
  return hexColor.test(trimmed) || functionColor.test(trimmed) ? trimmed : colorFromSeed(seed);
}

/** The colour a selection is tinted with: the cursor's colour, mostly transparent. */
export function selectionTint(color: string): string {
  return `color-mix(in srgb, ${color} 28%, transparent)`;
}

/** The name shown beside a cursor: trimmed, on one line, shortened with an ellipsis; "Someone" when empty. */
export function cursorLabel(name: string | null | undefined): string {
  const oneLine = (name ?? '').replace(/\s+/g, ' ').trim();
  if (!oneLine) {
    return 'Someone';
  }
  const chars = [...oneLine];
  return chars.length > maxLabelLength ? `${chars.slice(0, maxLabelLength - 1).join('')}…` : oneLine;
}
