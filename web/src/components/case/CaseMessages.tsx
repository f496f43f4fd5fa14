import { SendOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Select, Tag } from 'antd';
import { isParty, postMessage, type CaseDetail, type Visibility } from '../../api/cases';
import { useI18n, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { FormErrorAlert, useFormError } from './FormError';
import { partyLabel, visibilityLabel } from './labels';
import { useCaseMutation } from './use-case';

type MessageValues = { body: string; visibility: Visibility };

/** Who a viewer may write to: a party to everyone or to the platform only; staff also to one side or internally. */
function visibilityOptions(as: string, t: Translate) {
  if (as === 'claimant' || as === 'respondent')
    return [
      { value: 'all', label: visibilityLabel(t, 'all') },
      { value: as, label: t('visibility.toPlatform') },
    ];
  return (['all', 'claimant', 'respondent', 'staff'] as const).map((value) => ({
    value,
    label: visibilityLabel(t, value),
  }));
}

function authorLabel(t: Translate, author: { name: string | null; party?: string }): string {
  const who = partyLabel(t, author.party);
  if (author.name && who && author.name.startsWith(who)) return author.name;
  return [who, author.name].filter(Boolean).join(' · ');
}

/** The conversation on a case, oldest first like a chat, with a composer; internal notes are marked. */
export function CaseMessages({ c }: { c: CaseDetail }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<MessageValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const mutation = useCaseMutation(c.id, (values: MessageValues) => postMessage(c.id, values));
  const party = isParty(c.viewer.as);

  const onFinish = (values: MessageValues) => {
    setFormError(null);
    mutation.mutate(
      { body: values.body.trim(), visibility: values.visibility },
      {
        onSuccess: () => {
          form.resetFields(['body']);
          void message.success(t('messages.sent'));
        },
        onError: (error) => onError(error),
      },
    );
  };

  return (
    <div className="case-messages" data-testid="case-messages">
      {c.messages.length === 0 ? (
        <Empty description={t('messages.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ol className="message-list">
          {c.messages.map((m) => {
            const mine = m.author.party === c.viewer.as;
            const internal = m.visibility === 'staff';
            return (
              <li
                key={m.id}
                className={`message${mine ? ' message--mine' : ''}${internal ? ' message--internal' : ''}`}
              >
                <div className="message__meta">
                  <span className="message__author">{authorLabel(t, m.author)}</span>
                  <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, language)}</time>
                  {m.visibility !== 'all' ? (
                    <Tag color={internal ? 'gold' : 'default'} className="message__visibility">
                      {internal
                        ? t('messages.internal')
                        : party
                          ? t('visibility.toPlatform')
                          : visibilityLabel(t, m.visibility)}
                    </Tag>
                  ) : null}
                </div>
                <div className="message__body">{m.body}</div>
              </li>
            );
          })}
        </ol>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ visibility: 'all' }}
        className="message-composer"
      >
        <Form.Item
          name="body"
          rules={[{ required: true, whitespace: true, message: t('messages.required') }]}
          className="message-composer__body"
        >
          <Input.TextArea
            placeholder={t('messages.placeholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={5000}
            aria-label={t('messages.body')}
          />
        </Form.Item>
        <div className="message-composer__bar">
          <Form.Item name="visibility" noStyle>
            <Select
              options={visibilityOptions(c.viewer.as, t)}
              aria-label={t('messages.visibility')}
              className="message-composer__visibility"
              popupMatchSelectWidth={false}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={mutation.isPending}>
            {t('messages.send')}
          </Button>
        </div>
        <FormErrorAlert error={formError} />
      </Form>
    </div>
  );
}
