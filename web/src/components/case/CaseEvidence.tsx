import {
  AudioOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  UploadOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Input, Select, Tag, Upload, type UploadProps } from 'antd';
import { useState } from 'react';
import {
  EVIDENCE_TYPES,
  evidenceContentUrl,
  isParty,
  uploadEvidence,
  type CaseDetail,
  type Evidence,
  type EvidenceType,
  type Visibility,
} from '../../api/cases';
import { useI18n, type Translate } from '../../i18n';
import { formatDateTime, formatDeadline } from '../../lib/datetime';
import { errorMessage } from '../../lib/error-message';
import { CASE_LISTS_KEY, caseKey } from './use-case';
import { enumLabel, evidenceTypeLabel, partyLabel, visibilityLabel } from './labels';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const evidenceTypeOptions = (t: Translate) =>
  EVIDENCE_TYPES.map((value) => ({ value, label: evidenceTypeLabel(t, value) }));

function KindIcon({ kind }: { kind: string }) {
  if (kind === 'pdf') return <FilePdfOutlined aria-hidden />;
  if (kind === 'video') return <VideoCameraOutlined aria-hidden />;
  if (kind === 'audio') return <AudioOutlined aria-hidden />;
  if (kind === 'text') return <FileTextOutlined aria-hidden />;
  return <FileOutlined aria-hidden />;
}

/** One evidence file: images and media inline (staff get them large), documents as a link that opens the file. */
function EvidenceItem({ c, e, large }: { c: CaseDetail; e: Evidence; large: boolean }) {
  const { t, language } = useI18n();
  const url = evidenceContentUrl(c.id, e.id);
  return (
    <li className={`evidence${large ? ' evidence--large' : ''}`} data-testid="evidence-item">
      <div className="evidence__preview">
        {e.kind === 'image' ? (
          <a
            href={url}
            target="_blank"
            rel="noreferrer"
            aria-label={`${t('evidence.open')} ${e.originalName}`}
          >
            <img src={url} alt={e.description ?? e.originalName} loading="lazy" />
          </a>
        ) : large && e.kind === 'video' ? (
          <video src={url} controls preload="metadata" aria-label={e.originalName} />
        ) : large && e.kind === 'audio' ? (
          <audio src={url} controls preload="metadata" aria-label={e.originalName} />
        ) : (
          <span className="evidence__icon">
            <KindIcon kind={e.kind} />
          </span>
        )}
      </div>
      <div className="evidence__body">
        <div className="evidence__title">
          <Tag color="blue">{evidenceTypeLabel(t, e.evidenceType)}</Tag>
          <a href={url} target="_blank" rel="noreferrer" className="evidence__name">
            {e.originalName}
          </a>
        </div>
        {e.description ? <div className="evidence__description">{e.description}</div> : null}
        <div className="muted-small">
          {t('evidence.by', {
            name: [partyLabel(t, e.uploadedBy.party), e.uploadedBy.name].filter(Boolean).join(' · '),
          })}
          {' · '}
          {formatDateTime(e.createdAt, language)} · {formatBytes(e.sizeBytes)}
          {e.visibility !== 'all' ? (
            <>
              {' · '}
              {visibilityLabel(t, e.visibility)}
            </>
          ) : null}
        </div>
        {large ? (
          <div className="muted-small evidence__hash" title={e.sha256}>
            {t('evidence.sha256')}: {e.sha256.slice(0, 16)}…
          </div>
        ) : null}
      </div>
    </li>
  );
}

type UploadValues = { type?: EvidenceType; description?: string; visibility: Visibility };

/**
 * Upload with progress: choose the type (and a description), then the file; each file goes up as soon as it
 * is chosen, through XMLHttpRequest so the bar moves. Server problems (wrong content for the type, too large)
 * show in the user's language.
 */
export function EvidenceUploader({
  c,
  requestId,
  presetType,
  onUploaded,
}: {
  c: CaseDetail;
  requestId?: string;
  presetType?: EvidenceType;
  onUploaded?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UploadValues>();
  const [error, setError] = useState<string | null>(null);
  const party = isParty(c.viewer.as);

  const customRequest: UploadProps['customRequest'] = (options) => {
    const values = form.getFieldsValue();
    const controller = new AbortController();
    setError(null);
    uploadEvidence(
      c.id,
      {
        file: options.file as File,
        type: values.type ?? 'other',
        ...(values.description?.trim() ? { description: values.description.trim() } : {}),
        visibility: values.visibility,
        ...(requestId ? { requestId } : {}),
      },
      { onProgress: (percent) => options.onProgress?.({ percent }), signal: controller.signal },
    ).then(
      (evidence) => {
        options.onSuccess?.(evidence);
        void message.success(t('evidence.uploaded'));
        void queryClient.invalidateQueries({ queryKey: caseKey(c.id) });
        void queryClient.invalidateQueries({ queryKey: CASE_LISTS_KEY });
        onUploaded?.();
      },
      (err: unknown) => {
        const text = errorMessage(err, t);
        setError(text);
        options.onError?.(Object.assign(new Error(text), { status: 0 }));
      },
    );
    return { abort: () => controller.abort() };
  };

  const beforeUpload: UploadProps['beforeUpload'] = async () => {
    try {
      await form.validateFields(['type']);
      return true;
    } catch {
      return Upload.LIST_IGNORE;
    }
  };

  const visibilityOptions = party
    ? [
        { value: 'all', label: visibilityLabel(t, 'all') },
        { value: c.viewer.as, label: t('visibility.toPlatform') },
      ]
    : (['all', 'claimant', 'respondent', 'staff'] as const).map((v) => ({
        value: v,
        label: visibilityLabel(t, v),
      }));

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ type: presetType, visibility: 'all' }}
      className="evidence-uploader"
      data-testid="evidence-uploader"
    >
      <div className="evidence-uploader__fields">
        <Form.Item
          name="type"
          label={t('evidence.type')}
          rules={[{ required: true, message: t('evidence.type.required') }]}
        >
          <Select
            options={evidenceTypeOptions(t)}
            placeholder={t('evidence.type.required')}
            showSearch={false}
          />
        </Form.Item>
        <Form.Item name="visibility" label={t('evidence.visibility')}>
          <Select options={visibilityOptions} />
        </Form.Item>
      </div>
      <Form.Item name="description" label={t('evidence.description')}>
        <Input maxLength={1000} placeholder={t('evidence.description.placeholder')} />
      </Form.Item>
      <Form.Item label={t('evidence.file')} extra={t('evidence.pick.hint')}>
        <Upload customRequest={customRequest} beforeUpload={beforeUpload} multiple>
          <Button icon={<UploadOutlined />}>{t('evidence.pick')}</Button>
        </Upload>
      </Form.Item>
      {error ? (
        <Alert type="error" showIcon role="alert" title={t('evidence.uploadFailed')} description={error} />
      ) : null}
    </Form>
  );
}

/** Requests for evidence on the case; the ones addressed to the viewer can be answered with an upload. */
function EvidenceRequests({ c }: { c: CaseDetail }) {
  const { t, language } = useI18n();
  const [answering, setAnswering] = useState<string | null>(null);
  if (c.evidenceRequests.length === 0) return null;
  return (
    <div className="evidence-requests">
      <h3 className="subheading">{t('evidence.requests')}</h3>
      <ul className="evidence-request-list">
        {c.evidenceRequests.map((r) => {
          const mine = r.requestedFrom === c.viewer.as && r.status === 'open';
          const deadline = c.deadlines.find((d) => d.id === r.deadlineId);
          return (
            <li key={r.id} className={`evidence-request${mine ? ' evidence-request--mine' : ''}`}>
              <div className="evidence-request__head">
                <span>
                  {mine
                    ? t('evidence.request.yours')
                    : t('evidence.request.from', {
                        party: partyLabel(t, r.requestedFrom),
                        types: r.evidenceTypes.map((x) => evidenceTypeLabel(t, x)).join('、'),
                      })}
                </span>
                <Tag
                  color={r.status === 'open' ? 'orange' : r.status === 'fulfilled' ? 'success' : 'default'}
                >
                  {enumLabel(t, 'evidenceRequestStatus', r.status)}
                </Tag>
              </div>
              {mine ? <div>{r.evidenceTypes.map((x) => evidenceTypeLabel(t, x)).join('、')}</div> : null}
              {r.note ? <div className="muted-small">{r.note}</div> : null}
              {deadline?.dueAt && r.status === 'open' ? (
                <div className="muted-small">
                  {t('banner.dueAt', {
                    kind: t('deadlineKind.evidence_request'),
                    time: formatDeadline(deadline.dueAt, language),
                  })}
                </div>
              ) : null}
              {mine ? (
                answering === r.id ? (
                  <EvidenceUploader
                    c={c}
                    requestId={r.id}
                    presetType={r.evidenceTypes[0] as EvidenceType}
                    onUploaded={() => setAnswering(null)}
                  />
                ) : (
                  <Button type="primary" size="small" onClick={() => setAnswering(r.id)}>
                    {t('evidence.request.respond')}
                  </Button>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Evidence requests, the files on the case, and an uploader while the case is open. */
export function CaseEvidence({ c, large = false }: { c: CaseDetail; large?: boolean }) {
  const { t } = useI18n();
  const [uploading, setUploading] = useState(false);
  const closed = c.closedAt !== null;
  return (
    <div className="case-evidence" data-testid="case-evidence">
      <EvidenceRequests c={c} />
      {c.evidence.length === 0 ? (
        <Empty description={t('evidence.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="evidence-list">
          {c.evidence.map((e) => (
            <EvidenceItem key={e.id} c={c} e={e} large={large} />
          ))}
        </ul>
      )}
      {closed ? (
        <p className="muted-small">{t('evidence.closed')}</p>
      ) : uploading ? (
        <EvidenceUploader c={c} />
      ) : (
        <Button icon={<UploadOutlined />} onClick={() => setUploading(true)} className="section-gap">
          {t('evidence.upload')}
        </Button>
      )}
    </div>
  );
}
