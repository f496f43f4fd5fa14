import type { Db } from '../../db/client.js';
import { findUser } from '../accounts/accounts.repo.js';
import type { Principal } from '../accounts/principal.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { notFound, invalidField } from '../../http/errors.js';
import { isPartyViewer, isStaffPrincipal, viewerOf } from './case-access.js';
import { presentCaseDetail, type CaseDetail } from './case-presenter.js';
import { etagMatches, pageEtag, type CasePageCache } from './case-page-cache.js';
import type { ClaimantRef, FiledCase } from './open-case.js';
import { caseStamp, caseWithParts, findCase, type CaseRow } from './cases.repo.js';

const CASE_NOT_FOUND = { zh: '案件不存在', en: 'Case not found' };

/** The case if the principal may see it. @throws NOT_FOUND — also for someone else's case (never 403). */
export async function getVisibleCase(db: Db, p: Principal, caseId: string) {
  const c = await findCase(db, p.tenantId, caseId);
  const viewer = c ? viewerOf(p, c) : null;
  if (!c || !viewer) throw notFound(CASE_NOT_FOUND);
  return { c, viewer };
}

/** Everything the case page shows, filtered for the viewer. */
export async function loadCaseDetail(db: Db, pii: PiiCrypto, p: Principal, c: CaseRow) {
  const viewer = viewerOf(p, c);
  if (!viewer) throw notFound(CASE_NOT_FOUND);
  const parts = await caseWithParts(db, c.tenantId, c.id, { notices: !isPartyViewer(viewer) });
  if (!parts) throw notFound(CASE_NOT_FOUND);
  return presentCaseDetail(c, { ...parts, viewer, userId: p.kind === 'user' ? p.userId : null, pii });
}

/**
 * The case page for `caseId` as the principal may see it, read in one statement (with the notice delivery
 * records for staff: whether a viewer is staff follows from the principal alone, before the case is read).
 * @throws NOT_FOUND — also for someone else's case (never 403).
 */
export async function readCaseDetail(db: Db, pii: PiiCrypto, p: Principal, caseId: string) {
  const parts = await caseWithParts(db, p.tenantId, caseId, { notices: isStaffPrincipal(p) });
  const viewer = parts ? viewerOf(p, parts.case) : null;
  if (!parts || !viewer) throw notFound(CASE_NOT_FOUND);
  return presentCaseDetail(parts.case, {
    ...parts,
    // Delivery records are part of the file staff work from; parties do not see them.
    notices: isPartyViewer(viewer) ? null : parts.notices,
    viewer,
    userId: p.kind === 'user' ? p.userId : null,
    pii,
  });
}

/** A case page as the route sends it: the rendered bytes, or 304 when the client holds this very page. */
export type CasePage = { status: 200; etag: string; body: Buffer } | { status: 304; etag: string };

/**
 * {@link readCaseDetail} through the per-process page cache: the case's stamp and the viewer's right to see it
 * are read on every request (one small prepared statement); the page is rendered only when the stamp moved
 * since this process last rendered it for this viewer. `render` is the route's serializer.
 * @throws NOT_FOUND — also for someone else's case (never 403).
 */
export async function readCasePage(
  db: Db,
  pii: PiiCrypto,
  p: Principal,
  caseId: string,
  options: { cache: CasePageCache; render: (detail: CaseDetail) => string; ifNoneMatch?: string },
): Promise<CasePage> {
  const head = await caseStamp(db, p.tenantId, caseId);
  const viewer = head ? viewerOf(p, head) : null;
  if (!head || !viewer) throw notFound(CASE_NOT_FOUND);
  // Everything the presenter's output depends on besides the case: the kind of viewer, the role (what PII
  // it may read) and the user (the actions a staff member may take depend on who decided the case).
  const key = `${p.tenantId}/${caseId}/${viewer.kind}/${viewer.role}/${p.kind === 'user' ? p.userId : '-'}`;
  const etag = pageEtag(key, head.stamp);
  if (etagMatches(options.ifNoneMatch, etag)) return { status: 304, etag };
  let body = options.cache.get(key, head.stamp);
  if (!body) {
    body = Buffer.from(options.render(await readCaseDetail(db, pii, p, caseId)));
    options.cache.set(key, head.stamp, body);
  }
  return { status: 200, etag, body };
}

/**
 * The answer to a filing, built from the rows the filing wrote (nothing to read back): a new case has no
 * messages, offers or evidence yet.
 */
export async function presentFiledCase(db: Db, pii: PiiCrypto, p: Principal, filed: FiledCase) {
  const c = filed.case;
  const viewer = viewerOf(p, c);
  if (!viewer) throw notFound(CASE_NOT_FOUND);
  return presentCaseDetail(c, {
    viewer,
    userId: p.kind === 'user' ? p.userId : null,
    deadlines: filed.deadlines,
    offers: [],
    evidence: [],
    evidenceRequests: [],
    events: filed.events,
    messages: [],
    claimant: filed.claimant.user ?? (await findUser(db, c.tenantId, filed.claimant.id)),
    merchantName: filed.merchantName,
    pii,
    // Nothing has been delivered for a case this new; staff see the empty record.
    notices: isPartyViewer(viewer) ? null : [],
  });
}

/**
 * The consumer a case is filed for: the signed-in consumer, or the one an integration or agent names (looked
 * up with the filing's other checks, in its batch: an unknown one is refused there).
 * @throws VALIDATION_FAILED when a caller other than a consumer names nobody
 */
export function claimantRefOf(p: Principal, claimantExternalId: string | undefined): ClaimantRef {
  if (p.kind === 'user' && p.role === 'consumer') return { id: p.userId, externalId: p.externalId };
  if (!claimantExternalId) {
    throw invalidField('claimantExternalId', 'required', {
      zh: '代为投诉时必须指定消费者',
      en: 'name the consumer you file for',
    });
  }
  return { byExternalId: claimantExternalId };
}
