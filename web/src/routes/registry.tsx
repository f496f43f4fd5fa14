import {
  AlertOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FileTextOutlined,
  HomeOutlined,
  InboxOutlined,
  MoneyCollectOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  ShoppingOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ROLES, type Role } from '../api/types';
import type { MessageKey } from '../i18n';

/**
 * One page of a console: where it lives, who may open it and how it is named in the navigation.
 *
 * This table is the only place that knows which role sees which page: the router and the navigation
 * (sider, drawer, bottom tab bar) are both derived from it. A console of issue 7 slots in by giving its
 * entry a `page` (a lazy import, so the consumer's entry stays small); an entry without one renders the
 * honest "under construction" result.
 */
export type ConsoleRoute = {
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  roles: readonly Role[];
  page?: LazyExoticComponent<ComponentType>;
  /** A page reached from another one (a case, the filing form), not listed in the navigation. */
  hidden?: boolean;
};

const STAFF: readonly Role[] = ['agent', 'handler', 'reviewer', 'supervisor'];

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  {
    path: '/',
    labelKey: 'nav.home',
    icon: <HomeOutlined />,
    roles: ROLES,
    page: lazy(() => import('./HomePage')),
  },
  // Consumer (mobile-first)
  {
    path: '/orders',
    labelKey: 'nav.myOrders',
    icon: <ShoppingOutlined />,
    roles: ['consumer'],
    page: lazy(() => import('./consumer/OrdersPage')),
  },
  {
    path: '/orders/:orderId/file',
    labelKey: 'file.title',
    icon: <FileTextOutlined />,
    roles: ['consumer'],
    page: lazy(() => import('./consumer/FileCasePage')),
    hidden: true,
  },
  {
    path: '/complaints',
    labelKey: 'nav.myCases',
    icon: <FileTextOutlined />,
    roles: ['consumer'],
    page: lazy(() => import('./consumer/MyCasesPage')),
  },
  {
    path: '/complaints/:id',
    labelKey: 'nav.myCases',
    icon: <FileTextOutlined />,
    roles: ['consumer'],
    page: lazy(() => import('./cases/PartyCasePage')),
    hidden: true,
  },
  // Merchant
  {
    path: '/inbox',
    labelKey: 'nav.inbox',
    icon: <InboxOutlined />,
    roles: ['merchant'],
    page: lazy(() => import('./merchant/InboxPage')),
  },
  {
    path: '/inbox/:id',
    labelKey: 'nav.inbox',
    icon: <InboxOutlined />,
    roles: ['merchant'],
    page: lazy(() => import('./cases/PartyCasePage')),
    hidden: true,
  },
  {
    path: '/standing',
    labelKey: 'nav.standing',
    icon: <SafetyCertificateOutlined />,
    roles: ['merchant'],
    page: lazy(() => import('./merchant/StandingPage')),
  },
  // Platform staff
  {
    path: '/queue',
    labelKey: 'nav.queue',
    icon: <OrderedListOutlined />,
    roles: STAFF,
    page: lazy(() => import('./staff/QueuePage')),
  },
  {
    path: '/cases',
    labelKey: 'nav.cases',
    icon: <SolutionOutlined />,
    roles: STAFF,
    page: lazy(() => import('./staff/QueuePage').then((m) => ({ default: m.AllCasesPage }))),
  },
  {
    path: '/cases/:id',
    labelKey: 'nav.cases',
    icon: <SolutionOutlined />,
    roles: [...STAFF, 'admin'],
    page: lazy(() => import('./staff/CaseWorkspacePage')),
    hidden: true,
  },
  // Supervisor
  {
    path: '/dashboard',
    labelKey: 'nav.dashboard',
    icon: <BarChartOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('./supervisor/DashboardPage')),
  },
  {
    path: '/reports/consistency',
    labelKey: 'nav.consistency',
    icon: <AlertOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('./supervisor/ConsistencyPage')),
  },
  {
    path: '/money/claims',
    labelKey: 'nav.claims',
    icon: <MoneyCollectOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('./money/RecoveryClaimsPage')),
  },
  {
    path: '/admin/merchants/:merchantId/money',
    labelKey: 'nav.tenant',
    icon: <ShopOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('./money/MerchantMoneyPage')),
    hidden: true,
  },
  // Admin
  {
    path: '/admin/tenant',
    labelKey: 'nav.tenant',
    icon: <ShopOutlined />,
    roles: ['admin'],
    page: lazy(() => import('./admin/TenantPage')),
  },
  {
    path: '/admin/users',
    labelKey: 'nav.users',
    icon: <TeamOutlined />,
    roles: ['admin'],
    page: lazy(() => import('./admin/UsersPage')),
  },
  {
    path: '/admin/api-keys',
    labelKey: 'nav.apiKeys',
    icon: <ApiOutlined />,
    roles: ['admin'],
    page: lazy(() => import('./admin/ApiKeysPage')),
  },
  {
    path: '/admin/calendar',
    labelKey: 'nav.calendar',
    icon: <CalendarOutlined />,
    roles: ['admin'],
    page: lazy(() => import('./admin/CalendarPage')),
  },
  {
    path: '/admin/policies',
    labelKey: 'nav.policies',
    icon: <AuditOutlined />,
    roles: ['admin'],
    page: lazy(() => import('./admin/PoliciesPage')),
  },
];

/** The pages a role sees in its navigation, in menu order. */
export function routesForRole(role: Role): ConsoleRoute[] {
  return CONSOLE_ROUTES.filter((route) => route.roles.includes(role) && !route.hidden);
}

/** Where a role opens a case: the consumer's and the merchant's case page, or the staff workspace. */
export function caseHref(role: Role, caseId: string): string {
  const id = encodeURIComponent(caseId);
  if (role === 'consumer') return `/complaints/${id}`;
  if (role === 'merchant') return `/inbox/${id}`;
  return `/cases/${id}`;
}

/** The navigation entry to highlight for a location: exact match, else the longest matching prefix. */
export function activeRoute(routes: readonly ConsoleRoute[], pathname: string): ConsoleRoute | undefined {
  let best: ConsoleRoute | undefined;
  for (const route of routes) {
    const matches =
      route.path === '/'
        ? pathname === '/'
        : pathname === route.path || pathname.startsWith(`${route.path}/`);
    if (matches && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}
