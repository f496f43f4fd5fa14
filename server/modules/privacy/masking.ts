/**
 * Masking of personal data for people who need not see it in full. Pure; which role sees what is decided by
 * `piiAccess` so the rule lives in one place.
 */

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\s/g, '');
  if (d.length < 7) return '*'.repeat(d.length);
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

/** `张三丰` → `张**`; `Alice Smith` → `A**********`. Keeps only the first character. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** `zhang.san@example.com` → `z***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `110101199003071234` → `110***********1234`. */
export function maskIdCard(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** Keeps the first 6 characters (province/city) and hides the rest. */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`;
}

export type PiiAccess = 'full' | 'masked' | 'none';

/**
 * How much of a person's PII a viewer may see. Staff who contact parties (agent, handler) and those who run
 * the tenant (supervisor, admin) see it in full; a reviewer decides on the file and needs no contact data;
 * a merchant sees a claimant masked (PRODUCT.md Roles); a consumer sees only their own.
 */
export function piiAccess(viewerRole: string, isSelf: boolean): PiiAccess {
  if (isSelf) return 'full';
  switch (viewerRole) {
    case 'agent':
    case 'handler':
    case 'supervisor':
    case 'admin':
      return 'full';
    case 'reviewer':
    case 'merchant':
      return 'masked';
    default:
      return 'none';
  }
}

export type PersonPii = {
  realName: string | null;
  phone: string | null;
  email: string | null;
  idCard: string | null;
  address: string | null;
};

/** Applies `access` to a decrypted record. */
export function presentPii(pii: PersonPii, access: PiiAccess): PersonPii {
  if (access === 'full') return pii;
  if (access === 'none') return { realName: null, phone: null, email: null, idCard: null, address: null };
  const m = <T>(v: string | null, f: (s: string) => T) => (v == null ? null : f(v));
  return {
    realName: m(pii.realName, maskName),
    phone: m(pii.phone, maskPhone),
    email: m(pii.email, maskEmail),
    idCard: m(pii.idCard, maskIdCard),
    address: m(pii.address, maskAddress),
  };
}
