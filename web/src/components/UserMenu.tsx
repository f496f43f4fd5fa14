import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useLogout } from '../auth/session';
import { useCurrentUser } from '../auth/current-user';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/error-message';

/** The header's account button: who is signed in, for which marketplace (and merchant), and sign-out. */
export function UserMenu({ compact }: { compact: boolean }) {
  const user = useCurrentUser();
  const { t } = useI18n();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();

  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <div className="user-menu__who">
          <div className="user-menu__name">{user.displayName}</div>
          <div>{t(`role.${user.role}`)}</div>
          <div>{t('user.tenant', { name: user.tenantName })}</div>
          {user.merchantName ? <div>{t('user.merchant', { name: user.merchantName })}</div> : null}
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key !== 'logout') return;
    logout.mutate(undefined, {
      onError: (error) => void message.error(errorMessage(error, t)),
      onSettled: () => void navigate('/login', { replace: true }),
    });
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button
        type="text"
        className="user-menu__button"
        aria-label={t('user.menu', { name: user.displayName })}
      >
        <Avatar size={28} icon={<UserOutlined />} className="user-menu__avatar" />
        {compact ? null : (
          <span className="user-menu__label">
            <span className="user-menu__label-name">{user.displayName}</span>
            <span className="user-menu__label-role">{t(`role.${user.role}`)}</span>
          </span>
        )}
      </Button>
    </Dropdown>
  );
}
