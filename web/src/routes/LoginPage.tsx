import { LockOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { LoginBody } from '../api/auth';
import { applyProblemToForm } from '../api/form-errors';
import type { Role } from '../api/types';
import { useLogin, useSession } from '../auth/session';
import { FullPageSpinner } from '../components/FullPageSpinner';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n, type MessageKey } from '../i18n';
import { errorMessage } from '../lib/error-message';
import { usePageTitle } from '../lib/use-page-title';

/** The demo tenant's accounts (seeded on an empty data dir); all share one password. */
const DEMO_TENANT = 'demo';
const DEMO_PASSWORD = 'accord-demo';
const DEMO_ACCOUNTS: { username: string; role: Role; labelKey?: MessageKey }[] = [
  { username: 'consumer1', role: 'consumer' },
  { username: 'merchant1', role: 'merchant', labelKey: 'login.demo.merchantOrganizer' },
  { username: 'shop1', role: 'merchant', labelKey: 'login.demo.merchantShop' },
  { username: 'agent1', role: 'agent' },
  { username: 'handler1', role: 'handler' },
  { username: 'handler2', role: 'handler' },
  { username: 'reviewer1', role: 'reviewer' },
  { username: 'supervisor1', role: 'supervisor' },
  { username: 'admin1', role: 'admin' },
];

function safeRedirect(from: unknown): string {
  // Only same-app paths; never an absolute URL smuggled in through history state.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login'
    ? from
    : '/';
}

/** Sign-in with marketplace code, username and password; server problems land on the matching fields. */
export function LoginPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginBody>();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const loginMutation = useLogin();
  const [formError, setFormError] = useState<string | null>(null);
  usePageTitle(t('login.title'));

  const target = safeRedirect((location.state as { from?: unknown } | null)?.from);
  if (session.isPending) return <FullPageSpinner />;
  if (session.data) return <Navigate to={target} replace />;

  const onFinish = (values: LoginBody) => {
    setFormError(null);
    loginMutation.mutate(values, {
      onSuccess: () => void navigate(target, { replace: true }),
      onError: (error) => {
        const { unmatched, matchedAny } = applyProblemToForm(form, error);
        if (!matchedAny || unmatched.length > 0) {
          setFormError(
            unmatched.length > 0 ? unmatched.map((u) => u.message).join('；') : errorMessage(error, t),
          );
        }
      },
    });
  };

  const fillDemo = (username: string) => {
    setFormError(null);
    form.setFieldsValue({ tenant: DEMO_TENANT, username, password: DEMO_PASSWORD });
    form.setFields([
      { name: 'tenant', errors: [] },
      { name: 'username', errors: [] },
      { name: 'password', errors: [] },
    ]);
  };

  return (
    <div className="login">
      <section className="login__brand" aria-labelledby="login-brand-title">
        <div className="login__brand-inner">
          <div className="brand-mark brand-mark--light" aria-hidden="true">
            A
          </div>
          <h1 id="login-brand-title" className="login__brand-title">
            {t('app.name')}
          </h1>
          <p className="login__brand-tagline">{t('app.tagline')}</p>
          <p className="login__brand-detail">{t('app.taglineDetail')}</p>
        </div>
      </section>
      <main className="login__main">
        <div className="login__toolbar">
          <LanguageSwitch />
        </div>
        <div className="login__card">
          <h2 className="login__title">{t('login.title')}</h2>
          <p className="login__subtitle">{t('login.subtitle')}</p>
          {formError ? (
            <Alert type="error" showIcon title={formError} className="login__alert" role="alert" />
          ) : null}
          <Form<LoginBody>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ tenant: DEMO_TENANT, username: '', password: '' }}
            onFinish={onFinish}
            onValuesChange={() => setFormError(null)}
            size="large"
            name="login"
          >
            <Form.Item
              name="tenant"
              label={t('login.tenant')}
              rules={[{ required: true, message: t('login.tenant.required') }]}
            >
              <Input
                prefix={<ShopOutlined aria-hidden />}
                autoComplete="organization"
                autoCapitalize="off"
                spellCheck={false}
              />
            </Form.Item>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('login.username.required') }]}
            >
              <Input
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                autoCapitalize="off"
                spellCheck={false}
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.password.required') }]}
            >
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={loginMutation.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
          <Collapse
            className="login__demo"
            ghost
            items={[
              {
                key: 'demo',
                label: t('login.demo.title'),
                children: (
                  <>
                    <p className="login__demo-hint">{t('login.demo.hint')}</p>
                    <ul className="demo-accounts">
                      {DEMO_ACCOUNTS.map((account) => (
                        <li key={account.username}>
                          <button
                            type="button"
                            className="demo-account"
                            onClick={() => fillDemo(account.username)}
                            aria-label={t('login.demo.fill', { username: account.username })}
                          >
                            <span className="demo-account__name">{account.username}</span>
                            <span className="demo-account__role">
                              {t(account.labelKey ?? `role.${account.role}`)}
                            </span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </>
                ),
              },
            ]}
          />
        </div>
      </main>
    </div>
  );
}
