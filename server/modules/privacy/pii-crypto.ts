import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Field encryption for PII: AES-256-GCM with a fresh 96-bit IV per value and the column's purpose as
 * additional authenticated data (so a ciphertext cannot be moved to another column). Every value names
 * the key that sealed it — `enc:v1:<keyId>:<base64url(iv ‖ tag ‖ ciphertext)>` — so keys can rotate:
 * new values use the active (first) key, old values still open with the key they name.
 */
export type PiiKey = { id: string; key: Buffer };

const PREFIX = 'enc:v1:';

export class PiiCrypto {
  private readonly keys: Map<string, Buffer>;
  private readonly active: PiiKey;
  private readonly indexKey: Buffer;

  /** @param keys the active key first, then older keys still needed for decryption. */
  constructor(keys: PiiKey[]) {
    const first = keys[0];
    if (!first) throw new Error('PiiCrypto needs at least one key');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`PII key ${k.id} must be 32 bytes, got ${k.key.length}`);
    }
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.active = first;
    // A separate derived key for blind indexes: knowing an index never helps to decrypt, and vice versa.
    this.indexKey = Buffer.from(hkdfSync('sha256', first.key, Buffer.alloc(0), 'accord/blind-index/v1', 32));
  }

  /** Seals `plaintext` for the column `purpose` (e.g. `users.phone`). */
  encrypt(plaintext: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const payload = Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
    return `${PREFIX}${this.active.id}:${payload}`;
  }

  /** @throws Error when the value is malformed, names an unknown key, or was tampered with. */
  decrypt(sealed: string, purpose: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not an encrypted value');
    const rest = sealed.slice(PREFIX.length);
    const sep = rest.indexOf(':');
    const keyId = rest.slice(0, sep);
    const key = this.keys.get(keyId);
    if (sep < 0 || !key) throw new Error(`unknown PII key id "${keyId}"`);
    const raw = Buffer.from(rest.slice(sep + 1), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  encryptOptional(value: string | null | undefined, purpose: string): string | null {
    return value == null || value === '' ? null : this.encrypt(value, purpose);
  }

  decryptOptional(value: string | null | undefined, purpose: string): string | null {
    return value == null ? null : this.decrypt(value, purpose);
  }

  /** The id of the key new values are sealed with. */
  get activeKeyId(): string {
    return this.active.id;
  }

  /**
   * Deterministic HMAC of a normalised value, for equality look-ups (find a user by phone) without storing
   * the value. Rotating the active key changes indexes: re-index when rotating.
   */
  blindIndex(value: string, purpose: string): string {
    return createHmac('sha256', this.indexKey).update(`${purpose}\u0000${value}`).digest('base64url');
  }
}

/** Normalises a mainland phone number for indexing: digits only, without a +86/0086 prefix. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0086')) return digits.slice(4);
  if (digits.startsWith('86') && digits.length === 13) return digits.slice(2);
  return digits;
}
