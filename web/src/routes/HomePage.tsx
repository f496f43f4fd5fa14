import { lazy } from 'react';
import { useCurrentUser } from '../auth/current-user';

const ConsumerHome = lazy(() => import('./home/ConsumerHome'));
const ConsoleHome = lazy(() => import('./home/ConsoleHome'));

/** `/`: the consumer's orders, or the console overview of the user's role. */
export default function HomePage() {
  const user = useCurrentUser();
  return user.role === 'consumer' ? <ConsumerHome /> : <ConsoleHome />;
}
