import { Alert, Button } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { CurrentUserContext } from '../auth/current-user';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/error-message';
import { FullPageSpinner } from './FullPageSpinner';

/** Renders the child routes only with a session; otherwise sends the visitor to /login and back afterwards. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  const { t } = useI18n();
  if (session.isPending) return <FullPageSpinner />;
  if (session.isError) {
    // Rare (server down); kept to components already in the entry chunk.
    return (
      <div className="page-spinner">
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorMessage(session.error, t)}
          action={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}
        />
      </div>
    );
  }
  if (!session.data) {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return (
    <CurrentUserContext.Provider value={session.data.user}>
      <Outlet />
    </CurrentUserContext.Provider>
  );
}
