// Decides how the read-only viewer shows a file: as text when it decodes as UTF-8 without NUL bytes.

export type FileContent = { kind: 'text'; text: string; truncated: boolean } | { kind: 'binary'; size: number };

/** Larger files show their beginning only: a browser <pre> with megabytes of text is no use to anyone. */
export const maxViewedBytes = 1024 * 1024;

export function describeFileContent(bytes: Uint8Array, contentType: string): FileContent {
  const viewed = bytes.subarray(0, maxViewedBytes);
  const truncated = viewed.length < bytes.length;
  if (!/^text\//i.test(contentType) && viewed.subarray(0, 8192).includes(0)) {
    return { kind: 'binary', size: bytes.length };
  }
  try {
    // A cut in the middle of a multi-byte character is not a reason to call the file binary.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(truncated ? trimPartialCharacter(viewed) : viewed);
    return { kind: 'text', text, truncated };
  } catch {
    return { kind: 'binary', size: bytes.length };
  }
}

function trimPartialCharacter(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  // Step back over continuation bytes (10xxxxxx) to the start of the last character, and drop it.
  for (let back = 0; back < 4 && end > 0 && (bytes[end - 1]! & 0xc0) === 0x80; back++) {
    end--;
  }
  if (end > 0 && bytes[end - 1]! >= 0xc0) {
    end--;
  }
  return bytes.subarray(0, end);
}
