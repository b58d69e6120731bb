// Base64 → bytes without atob or Buffer (the engine runs where neither is typed: Node, web worker, CLI alike).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (with or without '=' padding). */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const a = lookup[clean.charCodeAt(i)]!,
      b = lookup[clean.charCodeAt(i + 1)]!;
    const c = lookup[clean.charCodeAt(i + 2)] ?? 0,
      d = lookup[clean.charCodeAt(i + 3)] ?? 0;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = bits >> 16;
    if (i + 2 < clean.length) out[o++] = (bits >> 8) & 255;
    if (i + 3 < clean.length) out[o++] = bits & 255;
  }
  return out;
}
