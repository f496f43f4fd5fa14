import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { requestSupervision } from '../../api/cases';
import { useI18n } from '../../i18n';
import { FormErrorAlert, useFormError } from './FormError';
import { useCaseMutation } from './use-case';

/** The supervision channel: anyone on the case may complain to the supervisors about how it is handled. */
export function SupervisionLink({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ text: string }>();
  const { formError, setFormError, onError } = useFormError(form);
  const mutation = useCaseMutation(caseId, (text: string) => requestSupervision(caseId, text));

  return (
    <div className="supervision-link">
      <span className="muted-small">{t('case.supervision')}</span>
      <Button type="link" size="small" onClick={() => setOpen(true)}>
        {t('case.supervision.title')}
      </Button>
      <Modal
        open={open}
        title={t('case.supervision.title')}
        onCancel={() => setOpen(false)}
        okText={t('case.supervision.submit')}
        cancelText={t('form.cancel')}
        confirmLoading={mutation.isPending}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('case.supervision.hint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={({ text }) => {
            setFormError(null);
            mutation.mutate(text.trim(), {
              onSuccess: () => {
                setOpen(false);
                form.resetFields();
                void message.success(t('case.supervision.done'));
              },
              onError: (error) => onError(error),
            });
          }}
        >
          <Form.Item
            name="text"
            label={t('case.supervision.text')}
            rules={[{ required: true, whitespace: true, min: 5, message: t('form.text.required') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
          </Form.Item>
          <FormErrorAlert error={formError} />
        </Form>
      </Modal>
    </div>
  );
}
