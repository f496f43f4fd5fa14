import type { Db } from '../../db/client.js';
import { findMerchantName, findUser, findUserByExternalId } from '../accounts/accounts.repo.js';
import type { Principal } from '../accounts/principal.js';
import { listDeadlinesOfSubject } from '../deadlines/index.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { notFound, invalidField } from '../../http/errors.js';
import { viewerOf } from './case-access.js';
import { presentCaseDetail } from './case-presenter.js';
import { listOffers } from './offers.js';
import { listEvidence } from './evidence.js';
import { listEvidenceRequests } from './evidence-requests.js';
import { caseNotices } from '../notices/notify.js';
import { caseMessagesOf, caseTimeline, findCase, type CaseRow } from './cases.repo.js';

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
  const staff = !['claimant', 'respondent', 'integration'].includes(viewer.kind);
  const [deadlines, events, messages, claimant, merchantName, offers, evidence, evidenceRequests, sent] =
    await Promise.all([
      listDeadlinesOfSubject(db, c.tenantId, 'case', c.id),
      caseTimeline(db, c.id),
      caseMessagesOf(db, c.id),
      findUser(db, c.tenantId, c.claimantId),
      findMerchantName(db, c.tenantId, c.respondentMerchantId),
      listOffers(db, c.id),
      listEvidence(db, c.id),
      listEvidenceRequests(db, c.id),
      // Delivery records (inbox, email, SMS) are part of the file staff work from.
      staff ? caseNotices(db, c.tenantId, c.id) : null,
    ]);
  return presentCaseDetail(c, {
    viewer,
    userId: p.kind === 'user' ? p.userId : null,
    deadlines,
    offers,
    evidence,
    evidenceRequests,
    events,
    messages,
    claimant,
    merchantName,
    pii,
    notices: sent,
  });
}

/** The consumer a case is filed for: the signed-in consumer, or the one an integration or agent names. */
export async function resolveClaimant(db: Db, p: Principal, claimantExternalId: string | undefined) {
  if (p.kind === 'user' && p.role === 'consumer') return { id: p.userId, externalId: p.externalId };
  if (!claimantExternalId) {
    throw invalidField('claimantExternalId', 'required', {
      zh: '代为投诉时必须指定消费者',
      en: 'name the consumer you file for',
    });
  }
  const user = await findUserByExternalId(db, p.tenantId, claimantExternalId);
  if (!user || user.role !== 'consumer') {
    throw invalidField('claimantExternalId', 'unknown', {
      zh: '消费者不存在，请先登记',
      en: 'unknown consumer; register them first',
    });
  }
  return { id: user.id, externalId: user.externalId };
}
