import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { assessClaim } from '../../api/policy';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/error-message';
import { localText, RemedyCard } from './Recommendation';

/**
 * Decision support for the consumer before filing (`POST /cases/assess`, nothing stored): whether the pack in
 * force admits the claim on this order, and if so the likely remedy with its clause; if not, why and where to
 * turn instead. Asked again whenever the problem category changes.
 */
export function ClaimAssessment({ orderId, category }: { orderId: string; category: string | undefined }) {
  const { t, language } = useI18n();
  const query = useQuery({
    queryKey: ['assess', orderId, category],
    queryFn: () => assessClaim({ orderId, category: category ?? '' }),
    enabled: Boolean(category),
    staleTime: 60_000,
    retry: false,
  });
  return (
    <section className="assess-box" aria-live="polite" data-testid="claim-assessment">
      <div className="subheading">{t('assess.title')}</div>
      <p className="muted-small">{t('assess.hint')}</p>
      {!category ? (
        <p className="muted-small">{t('assess.none')}</p>
      ) : query.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : query.isError ? (
        <Alert
          type="info"
          showIcon
          title={t('assess.unavailable', { message: errorMessage(query.error, t) })}
        />
      ) : (
        <Alert
          type={query.data.admissible ? 'success' : 'warning'}
          showIcon
          data-testid="claim-assessment-verdict"
          title={query.data.admissible ? t('assess.admissible') : t('assess.notAdmissible')}
          description={
            <div>
              {query.data.admissible ? (
                <>
                  <div className="form-list__label">{t('assess.likely')}</div>
                  <ul className="rec-remedies">
                    {query.data.remedies
                      .filter((r) => r.role === 'primary')
                      .map((r, i) => (
                        <RemedyCard key={`${r.outcome}-${i}`} remedy={r} showRole={false} />
                      ))}
                  </ul>
                </>
              ) : (
                <ul className="rec-lines">
                  {query.data.reasons.map((r) => (
                    <li key={r.code}>
                      {localText(r.message, language)}
                      <span className="rec-clause">{r.clause}</span>
                    </li>
                  ))}
                  {query.data.referral ? <li>{localText(query.data.referral.message, language)}</li> : null}
                </ul>
              )}
              <div className="muted-small">
                {t('assess.pack', { pack: query.data.policy.id, version: query.data.policy.version })}
              </div>
            </div>
          }
        />
      )}
    </section>
  );
}
