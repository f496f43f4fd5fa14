import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { applyProblemToForm } from '../../api/form-errors';
import { ApiError } from '../../api/problem';
import { getVersion, publishPack, validatePack, type PackCheck, type PackEntry } from '../../api/policy';
import { enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { useI18n, type Translate } from '../../i18n';
import { errorMessages } from '../../lib/error-message';
import { lineOfPath, syntaxErrorLine, valueLines } from '../../lib/json-lines';
import { useMediaQuery } from '../../lib/use-media-query';
import { addDays, shanghaiToday } from '../supervisor/period';
import { ChangeList } from './policy-changes';
import {
  beijingWallTime,
  FIELD_ALIASES,
  fromDraft,
  placeCheckProblems,
  toDraft,
  type ContentProblem,
  type Draft,
  type Pack,
} from './policy-draft';

const SCOPES = ['all_orders', 'orders_placed_from_effective'] as const;

const dateProps = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => value?.format('YYYY-MM-DDTHH:mm'),
};

function ContentProblems({
  problems,
  t,
  onGo,
}: {
  problems: ContentProblem[];
  t: Translate;
  onGo: (line: number) => void;
}) {
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="policy-draft-problems"
      title={t('policyDraft.problems', { count: problems.length })}
      description={
        <ul className="policy-draft__problems">
          {problems.map((p, i) => (
            <li key={`${p.path}-${i}`}>
              {p.line === undefined ? null : (
                <Button type="link" size="small" onClick={() => onGo(p.line!)}>
                  {t('policyDraft.line', { line: p.line })}
                </Button>
              )}
              {p.path ? <code>{p.path}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * 新建版本: an admin drafts the next version of a pack — from the newest version or an uploaded file —,
 * validates it (schema problems on their fields or JSON lines, the publish rules on the field they concern),
 * reads the consumer-rights diff against the version it follows, and publishes it with its effective time.
 */
export function PolicyDraftDrawer({ pack, onClose }: { pack: PackEntry; onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const narrow = !useMediaQuery('(min-width: 768px)');
  const [form] = Form.useForm<Draft>();
  const [problems, setProblems] = useState<ContentProblem[]>([]);
  const [formError, setFormError] = useState<string[] | null>(null);
  const [check, setCheck] = useState<PackCheck | null>(null);
  const editor = useRef<HTMLTextAreaElement | null>(null);
  const latest = useQuery({
    queryKey: ['admin', 'policy', pack.packId, 'version', pack.latest],
    queryFn: ({ signal }) => getVersion(pack.packId, pack.latest, signal),
  });
  useEffect(() => {
    if (latest.data)
      form.setFieldsValue(toDraft(latest.data.pack, pack.latest + 1, `${addDays(shanghaiToday(), 1)}T00:00`));
  }, [latest.data, form, pack.latest]);

  const goToLine = (line: number) => {
    const area = editor.current;
    if (!area) return;
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  const reset = () => {
    setProblems([]);
    setFormError(null);
    setCheck(null);
  };

  /** Where the server's answer belongs: fields, lines of the JSON, or the alert of the whole form. */
  const onApiError = (error: unknown) => {
    const { unmatched } = applyProblemToForm(form, error, FIELD_ALIASES);
    const lines = valueLines(form.getFieldValue('content') as string);
    const inContent = unmatched.map((p) => {
      const path = p.path.replace(/^pack\.?/, '');
      return { path, message: p.message, line: lineOfPath(lines, path) };
    });
    setProblems(inContent);
    // A refused publish lists every rule it breaks: all of them in the alert, each also on its field.
    if (error instanceof ApiError) placeCheckProblems(form, error.listedProblems, language);
    if (inContent.length > 0) form.setFields([{ name: 'content', errors: [t('policyDraft.seeBelow')] }]);
    const onFields = error instanceof ApiError && error.fieldErrors.length > 0;
    setFormError(onFields ? null : errorMessages(error, t, language));
  };

  const candidate = async (): Promise<Pack | null> => {
    reset();
    const values = await form.validateFields();
    const built = fromDraft(values);
    if ('syntax' in built) {
      const line = syntaxErrorLine(values.content, built.syntax);
      form.setFields([{ name: 'content', errors: [t('policyDraft.syntax')] }]);
      setProblems([{ path: '', message: t('policyDraft.syntax'), line }]);
      return null;
    }
    return built.pack;
  };

  const validate = useMutation({
    mutationFn: (p: Pack) => validatePack(pack.packId, p),
    onSuccess: (result) => {
      setCheck(result);
      setProblems(placeCheckProblems(form, result.problems, language));
    },
    onError: onApiError,
  });
  const publish = useMutation({
    mutationFn: (p: Pack) => publishPack(pack.packId, p),
    onSuccess: async (published) => {
      void message.success(t('policyDraft.published', { version: published.version }));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'policy'] });
      onClose();
    },
    onError: onApiError,
  });

  const upload = async (file: File) => {
    reset();
    const text = await file.text();
    try {
      const parsed = JSON.parse(text) as Pack;
      const version = typeof parsed.version === 'number' ? parsed.version : pack.latest + 1;
      const from = typeof parsed.effectiveFrom === 'string' ? beijingWallTime(parsed.effectiveFrom) : '';
      form.setFieldsValue(toDraft(parsed, version, from || `${addDays(shanghaiToday(), 1)}T00:00`));
    } catch (syntax) {
      form.setFieldsValue({ content: text });
      setProblems([{ path: '', message: t('policyDraft.syntax'), line: syntaxErrorLine(text, syntax) }]);
    }
    return false;
  };

  const draftFrom = Form.useWatch('effectiveFrom', form);
  const draftVersion = Form.useWatch('version', form);
  const busy = validate.isPending || publish.isPending;
  return (
    <Drawer
      open
      onClose={onClose}
      size={narrow ? '100%' : 'large'}
      title={t('policyDraft.title', { pack: pack.packId })}
      data-testid="policy-draft"
    >
      {latest.isPending ? (
        <Skeleton active />
      ) : latest.isError ? (
        <ErrorResult title={t('error.generic')} error={latest.error} onRetry={() => void latest.refetch()} />
      ) : (
        <Form<Draft> form={form} layout="vertical" onValuesChange={() => setCheck(null)} requiredMark>
          <p className="muted-small">{t('policyDraft.hint', { version: pack.latest })}</p>
          <Space wrap align="start">
            <Form.Item
              name="version"
              label={t('policyAdmin.version')}
              rules={[{ required: true, message: t('policyDraft.required') }]}
            >
              <InputNumber min={1} precision={0} aria-label={t('policyAdmin.version')} />
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label={t('policyDraft.effectiveFrom')}
              rules={[{ required: true, message: t('policyDraft.required') }]}
              {...dateProps}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                aria-label={t('policyDraft.effectiveFrom')}
              />
            </Form.Item>
            <Form.Item name="orderScope" label={t('policyAdmin.scope')} rules={[{ required: true }]}>
              <Select
                aria-label={t('policyAdmin.scope')}
                className="policy-draft__scope"
                options={SCOPES.map((s) => ({ value: s, label: enumLabel(t, 'policyAdmin.scope', s) }))}
              />
            </Form.Item>
          </Space>
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={upload}>
            <Button icon={<UploadOutlined />}>{t('policyDraft.upload')}</Button>
          </Upload>
          <Form.Item
            name="content"
            label={t('policyDraft.content')}
            className="section-gap"
            rules={[{ required: true, message: t('policyDraft.required') }]}
          >
            <Input.TextArea
              ref={(r) => {
                editor.current = r?.resizableTextArea?.textArea ?? null;
              }}
              rows={narrow ? 14 : 22}
              spellCheck={false}
              aria-label={t('policyDraft.content')}
              className="policy-json policy-draft__editor"
            />
          </Form.Item>
          <ContentProblems problems={problems} t={t} onGo={goToLine} />
          {formError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="policy-draft-error"
              title={
                formError.length === 1 ? formError[0] : t('policyDraft.refused', { count: formError.length })
              }
              description={
                formError.length > 1 ? (
                  <ul className="policy-draft__problems">
                    {formError.map((m, i) => (
                      <li key={i}>{m}</li>
                    ))}
                  </ul>
                ) : undefined
              }
              className="form-error"
            />
          ) : null}
          <Space wrap className="section-gap">
            <Button
              loading={validate.isPending}
              disabled={busy}
              onClick={() => void candidate().then((p) => p && validate.mutate(p))}
            >
              {t('policyDraft.validate')}
            </Button>
            <Popconfirm
              title={t('policyDraft.confirm', {
                version: draftVersion ?? '',
                from: (draftFrom ?? '').replace('T', ' '),
              })}
              okText={t('policyDraft.publish')}
              cancelText={t('admin.cancel')}
              onConfirm={() => void candidate().then((p) => p && publish.mutate(p))}
              disabled={!check?.publishable || busy}
            >
              <Button type="primary" loading={publish.isPending} disabled={!check?.publishable || busy}>
                {t('policyDraft.publish')}
              </Button>
            </Popconfirm>
          </Space>
          {check ? (
            <div className="section-gap" data-testid="policy-draft-check">
              <Alert
                type={check.publishable ? 'success' : 'warning'}
                showIcon
                title={check.publishable ? t('policyDraft.publishable') : t('policyDraft.notPublishable')}
              />
              <h3 className="subheading section-gap">
                {check.previousVersion === null
                  ? t('policyAdmin.rightsDiff')
                  : t('policyDraft.diffAgainst', { version: check.previousVersion })}
              </h3>
              <p className="muted-small">
                {t('policyAdmin.changes', { count: check.changes.length, narrowing: check.narrowing })}
              </p>
              <ChangeList changes={check.changes} />
            </div>
          ) : null}
        </Form>
      )}
    </Drawer>
  );
}
