import { MenuOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Drawer, Layout, Menu, Tag, type MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useCurrentUser } from '../auth/current-user';
import { useI18n } from '../i18n';
import { DESKTOP_QUERY, useMediaQuery } from '../lib/use-media-query';
import { activeRoute, routesForRole, type ConsoleRoute } from '../routes/registry';
import { FullPageSpinner } from './FullPageSpinner';
import { LanguageSwitch } from './LanguageSwitch';
import { NoticeBell } from './NoticeBell';
import { UserMenu } from './UserMenu';

function NavMenu({
  routes,
  selected,
  onNavigate,
}: {
  routes: ConsoleRoute[];
  selected?: string;
  onNavigate?: () => void;
}) {
  const { t } = useI18n();
  const items: MenuProps['items'] = routes.map((route) => ({
    key: route.path,
    icon: route.icon,
    label: (
      <Link to={route.path} onClick={onNavigate}>
        {t(route.labelKey)}
      </Link>
    ),
  }));
  return <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} className="nav-menu" />;
}

/** Consumers on phones get the bottom tab bar of a shopping app instead of a hidden menu. */
function TabBar({ routes }: { routes: ConsoleRoute[] }) {
  const { t } = useI18n();
  return (
    <nav className="tab-bar" aria-label={t('nav.label')}>
      {routes.map((route) => (
        <NavLink key={route.path} to={route.path} end={route.path === '/'} className="tab-bar__item">
          <span className="tab-bar__icon" aria-hidden="true">
            {route.icon}
          </span>
          <span className="tab-bar__label">{t(route.labelKey)}</span>
        </NavLink>
      ))}
    </nav>
  );
}

/**
 * The signed-in shell: header (product, language, account), role-aware navigation and the page outlet.
 * Desktop: a sider. Below `lg`: consumers get a bottom tab bar, staff and merchants a drawer.
 */
export default function AppLayout() {
  const user = useCurrentUser();
  const { t } = useI18n();
  const location = useLocation();
  const isDesktop = useMediaQuery(DESKTOP_QUERY);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const routes = useMemo(() => routesForRole(user.role), [user.role]);
  const selected = activeRoute(routes, location.pathname)?.path;
  const useTabBar = !isDesktop && user.role === 'consumer';

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <AntdApp component={false}>
      <Layout className="app-shell">
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <Layout.Header className="app-header">
          {!isDesktop && !useTabBar ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.open')}
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              className="app-header__menu-button"
            />
          ) : null}
          <Link to="/" className="app-header__brand">
            <span className="brand-mark" aria-hidden="true">
              A
            </span>
            <span className="app-header__product">{isDesktop ? t('app.name') : t('app.shortName')}</span>
          </Link>
          {isDesktop ? <Tag className="app-header__tenant">{user.tenantName}</Tag> : null}
          <div className="app-header__spacer" />
          <LanguageSwitch compact={!isDesktop} />
          <NoticeBell />
          <UserMenu compact={!isDesktop} />
        </Layout.Header>
        <Layout>
          {isDesktop ? (
            <Layout.Sider width={220} className="app-sider" theme="light">
              <nav aria-label={t('nav.label')}>
                <NavMenu routes={routes} selected={selected} />
              </nav>
            </Layout.Sider>
          ) : null}
          {!isDesktop && !useTabBar ? (
            <Drawer
              open={drawerOpen}
              onClose={() => setDrawerOpen(false)}
              placement="left"
              size={260}
              title={t('app.shortName')}
              styles={{ body: { padding: 0 } }}
            >
              <nav aria-label={t('nav.label')}>
                <NavMenu routes={routes} selected={selected} onNavigate={() => setDrawerOpen(false)} />
              </nav>
            </Drawer>
          ) : null}
          <Layout.Content
            id="main"
            tabIndex={-1}
            className={useTabBar ? 'app-content app-content--tabbar' : 'app-content'}
          >
            <div className="app-content__inner">
              <Suspense fallback={<FullPageSpinner inline />}>
                <Outlet />
              </Suspense>
            </div>
            {isDesktop ? <footer className="app-footer">{t('app.footer')}</footer> : null}
          </Layout.Content>
        </Layout>
        {useTabBar ? <TabBar routes={routes} /> : null}
      </Layout>
    </AntdApp>
  );
}
