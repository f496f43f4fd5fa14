import { formatFen } from '../../../common/money.js';
import type { Db } from '../../db/client.js';
import { findUserByExternalId } from '../accounts/accounts.repo.js';
import type { JobHandler } from '../jobs/jobs.js';
import { notices } from '../notices/notices.table.js';
import { MASS_NOTICE_JOB } from './mass-refund.js';

const REASON_TEXT: Record<string, { zh: string; en: string }> = {
  cancelled: { zh: '活动已取消', en: 'the event was cancelled' },
  postponed: { zh: '活动延期', en: 'the event was postponed' },
  force_majeure: { zh: '活动因不可抗力终止', en: 'the event was stopped by force majeure' },
};

/**
 * Tells the buyer of each mass-refunded order, in their inbox, that the money is on its way. Buyers the
 * platform has no account for are told by the marketplace (the job records that none was delivered). Safe to
 * run twice: the notice id derives from the job.
 */
export function massRefundJobHandlers(db: Db, now: () => Date): Record<string, JobHandler> {
  return {
    [MASS_NOTICE_JOB]: async (job) => {
      const p = job.payload as {
        buyerExternalId: string;
        orderExternalId: string;
        title: string;
        amountFen: string;
        reason: string;
      };
      const user = await findUserByExternalId(db, job.tenantId, p.buyerExternalId);
      if (!user) return { delivered: 0 };
      const why = REASON_TEXT[p.reason] ?? { zh: p.reason, en: p.reason };
      const amount = formatFen(BigInt(p.amountFen));
      const at = now();
      const inserted = await db
        .insert(notices)
        .values({
          id: `ntc_${job.id}`,
          tenantId: job.tenantId,
          caseId: null,
          recipientUserId: user.id,
          channel: 'inbox',
          template: MASS_NOTICE_JOB,
          title: `退款通知：${p.title}`,
          body: `${why.zh}，订单 ${p.orderExternalId} 的 ${amount} 将原路退回。`,
          titleEn: `Refund on its way: ${p.title}`,
          bodyEn: `Because ${why.en}, ${amount} of order ${p.orderExternalId} is being refunded to your original payment.`,
          status: 'sent',
          payload: job.payload,
          createdAt: at,
          sentAt: at,
        })
        .onConflictDoNothing()
        .returning({ id: notices.id });
      return { delivered: inserted.length };
    },
  };
}
