import { EVIDENCE_TYPES } from '../../../common/cases.js';
import { z } from 'zod';
import type { LocalizedText } from '../../http/errors.js';
import { SNIFFED_KINDS, type SniffedKind } from './sniff.js';

export { EVIDENCE_TYPES };

/** Validates an evidence type in request bodies and multipart fields. */
export const EvidenceTypeSchema = z.enum(EVIDENCE_TYPES);
export type EvidenceType = z.infer<typeof EvidenceTypeSchema>;

/** Display labels and the content kinds (by sniffing) each evidence type accepts. */
export type EvidenceTypeInfo = { label: LocalizedText; accepts: readonly SniffedKind[] };

const SCAN: readonly SniffedKind[] = ['image', 'pdf'];

/** Every evidence type with its labels and accepted content. Documents that arrive as scans accept images. */
export const EVIDENCE_TYPE_INFO: Record<EvidenceType, EvidenceTypeInfo> = {
  order_screenshot: { label: { zh: '订单截图', en: 'Order screenshot' }, accepts: SCAN },
  chat_log: { label: { zh: '聊天记录', en: 'Chat log' }, accepts: ['image', 'text', 'pdf'] },
  replay_clip: { label: { zh: '游戏回放录像', en: 'Replay clip' }, accepts: ['video'] },
  // E-invoices (数电票) are issued as PDF or OFD; paper ones are photographed.
  invoice: { label: { zh: '发票', en: 'Invoice' }, accepts: ['image', 'pdf', 'document'] },
  certificate: { label: { zh: '资质证书', en: 'Certificate' }, accepts: SCAN },
  test_report: { label: { zh: '检测报告', en: 'Test report' }, accepts: ['image', 'pdf', 'document'] },
  logistics_record: { label: { zh: '物流记录', en: 'Logistics record' }, accepts: ['image', 'pdf', 'text'] },
  photo: { label: { zh: '照片', en: 'Photo' }, accepts: ['image'] },
  video: { label: { zh: '视频', en: 'Video' }, accepts: ['video'] },
  contract: { label: { zh: '合同', en: 'Contract' }, accepts: ['image', 'pdf', 'document'] },
  payment_record: { label: { zh: '支付记录', en: 'Payment record' }, accepts: ['image', 'pdf', 'document'] },
  identity_proof: { label: { zh: '身份证明', en: 'Identity proof' }, accepts: SCAN },
  police_receipt: { label: { zh: '报警回执', en: 'Police report receipt' }, accepts: SCAN },
  court_acceptance: { label: { zh: '法院受理通知书', en: 'Court acceptance notice' }, accepts: SCAN },
  other: { label: { zh: '其他', en: 'Other' }, accepts: SNIFFED_KINDS },
};

/** Display labels for the sniffed kinds, e.g. to tell a user what an evidence type accepts. */
export const SNIFFED_KIND_LABELS: Record<SniffedKind, LocalizedText> = {
  image: { zh: '图片', en: 'image' },
  pdf: { zh: 'PDF', en: 'PDF' },
  video: { zh: '视频', en: 'video' },
  audio: { zh: '音频', en: 'audio' },
  text: { zh: '文本（UTF-8）', en: 'text (UTF-8)' },
  document: { zh: 'Word/Excel/OFD 文档', en: 'Word/Excel/OFD document' },
};

/** Whether content of `kind` may be filed as evidence of `type`. */
export function evidenceTypeAccepts(type: EvidenceType, kind: SniffedKind): boolean {
  return EVIDENCE_TYPE_INFO[type].accepts.includes(kind);
}
