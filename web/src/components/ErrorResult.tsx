import { Button, Result } from 'antd';
import { ApiError } from '../api/problem';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/error-message';

/** A failed load inside a page, with the reason, the request id for support, and a retry button. */
export function ErrorResult({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <Result
      status="warning"
      title={title}
      subTitle={
        <>
          {errorMessage(error, t)}
          {requestId ? <div className="muted-small">Request ID: {requestId}</div> : null}
        </>
      }
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : null}
    />
  );
}
