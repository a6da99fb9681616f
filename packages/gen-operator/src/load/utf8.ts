/**
 * Input must be UTF-8, as go-yaml requires ("invalid leading UTF-8 octet"); Node's own decoder
 * would replace bad bytes with U+FFFD and carry on, so the first bad byte is found and reported.
 */
const strict = new TextDecoder('utf-8', { fatal: true });

/** The text, or the byte offset of the first byte that is not well-formed UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badByte: number; value: number; line: number; col: number } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const badByte = firstInvalid(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < badByte; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    // The column counts characters, as every other position we report does.
    const col = new TextDecoder().decode(bytes.subarray(lineStart, badByte)).length + 1;
    return { badByte, value: bytes[badByte] ?? 0, line, col };
  }
}

/** Offset of the first ill-formed sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min: number;
    let max = 0xbf;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = c === 0xe0 ? 0xa0 : 0x80;
      if (c === 0xed) max = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = c === 0xf0 ? 0x90 : 0x80;
      if (c === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const next = b[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (next === undefined || next < lo || next > hi) return i;
    }
    i += need + 1;
  }
  return b.length;
}
