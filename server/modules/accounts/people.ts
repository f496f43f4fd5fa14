import { z } from 'zod';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { normalizePhone } from '../privacy/pii-crypto.js';
import { presentPii, type PersonPii, type PiiAccess } from '../privacy/masking.js';
import type { UserRow } from './accounts.repo.js';

/** PII fields a person may carry. Phone: mainland mobile (11 digits starting with 1) or +86 form. */
export const PiiInputSchema = z
  .object({
    realName: z.string().trim().min(1).max(50).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^(\+?86[- ]?)?1[3-9]\d{9}$/, 'must be a mainland mobile number, e.g. 13812345678')
      .optional(),
    email: z.email().max(254).optional(),
    idCard: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/, 'must be an 18-character resident ID number')
      .optional(),
    address: z.string().trim().min(1).max(300).optional(),
  })
  .strict();
export type PiiInput = z.infer<typeof PiiInputSchema>;

/** Seals PII for the users table; only ciphertext and the phone's blind index reach the database. */
export function sealPii(pii: PiiCrypto, input: PiiInput) {
  const phone = input.phone ? normalizePhone(input.phone) : undefined;
  return {
    realNameEnc: pii.encryptOptional(input.realName, 'users.real_name'),
    phoneEnc: pii.encryptOptional(phone, 'users.phone'),
    phoneBidx: phone ? pii.blindIndex(phone, 'users.phone') : null,
    emailEnc: pii.encryptOptional(input.email?.toLowerCase(), 'users.email'),
    idCardEnc: pii.encryptOptional(input.idCard?.toUpperCase(), 'users.id_card'),
    addressEnc: pii.encryptOptional(input.address, 'users.address'),
  };
}

/** Opens a user's PII. */
export function openPii(pii: PiiCrypto, u: UserRow): PersonPii {
  return {
    realName: pii.decryptOptional(u.realNameEnc, 'users.real_name'),
    phone: pii.decryptOptional(u.phoneEnc, 'users.phone'),
    email: pii.decryptOptional(u.emailEnc, 'users.email'),
    idCard: pii.decryptOptional(u.idCardEnc, 'users.id_card'),
    address: pii.decryptOptional(u.addressEnc, 'users.address'),
  };
}

export const PersonSchema = z.object({
  id: z.string(),
  role: z.string(),
  username: z.string(),
  externalId: z.string().nullable(),
  displayName: z.string(),
  merchantId: z.string().nullable(),
  pii: z.object({
    access: z.enum(['full', 'masked', 'none']),
    realName: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    idCard: z.string().nullable(),
    address: z.string().nullable(),
  }),
  createdAt: z.string(),
  disabled: z.boolean(),
});

/** A user as a viewer with `access` may see them. */
export function presentPerson(pii: PiiCrypto, u: UserRow, access: PiiAccess): z.infer<typeof PersonSchema> {
  const shown = access === 'none' ? presentPii(emptyPii, 'none') : presentPii(openPii(pii, u), access);
  return {
    id: u.id,
    role: u.role,
    username: u.username,
    externalId: u.externalId,
    displayName: u.displayName,
    merchantId: u.merchantId,
    pii: { access, ...shown },
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
  };
}

const emptyPii: PersonPii = { realName: null, phone: null, email: null, idCard: null, address: null };
