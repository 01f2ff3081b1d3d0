// The hub takes at most 64 Ki characters per SendInput; a bigger paste goes in parts, never splitting a surrogate pair.

export const maxInputChunk = 16 * 1024;

export function inputChunks(data: string, max = maxInputChunk): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + max, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) {
      end--;
    }
    chunks.push(data.slice(start, end));
    start = end;
  }
  return chunks;
}
