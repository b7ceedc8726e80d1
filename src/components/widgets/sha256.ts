// SHA-256 of a model's bytes. WebCrypto exists only in secure contexts (https, localhost); on a
// plain-http host we fall back to a small pure-JS implementation rather than skip the check.
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  const { sha256 } = await import('js-sha256');
  return sha256(bytes);
}
