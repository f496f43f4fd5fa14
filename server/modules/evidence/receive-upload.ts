import type { Readable } from 'node:stream';
import { DomainError, invalidField, type LocalizedText } from '../../http/errors.js';
import { EVIDENCE_TYPE_INFO, SNIFFED_KIND_LABELS, type EvidenceType } from './evidence-types.js';
import {
  createTextValidator,
  DEFAULT_SIZE_LIMITS,
  SNIFF_BYTES,
  sniffDetailed,
  type RejectReason,
  type SizeLimits,
  type Sniffed,
  type SniffedKind,
} from './sniff.js';
import { payloadTooLarge, type EvidenceStorage } from './storage.js';

/**
 * The fields of a `@fastify/multipart` file part (`await request.file()` or a `type: 'file'` item of
 * `request.parts()`) that this helper uses. Structural, so a `MultipartFile` passes as is.
 */
export type UploadPart = {
  file: Readable & { truncated?: boolean; bytesRead?: number };
  filename: string;
};

/** What the route records in the evidence row. `originalName` is for display only, never a path. */
export type ReceivedEvidence = {
  storageKey: string;
  sha256: string;
  size: number;
  mime: string;
  kind: SniffedKind;
  originalName: string;
};

/** Options: the evidence type being filed (restricts the accepted kinds) and per-kind size limits. */
export type ReceiveUploadOptions = { evidenceType?: EvidenceType; limits?: SizeLimits };

const REJECTIONS: Record<Exclude<RejectReason, 'empty'> | 'invalid_text', LocalizedText> = {
  executable: { zh: '不接受可执行文件或脚本', en: 'Executable files and scripts are not accepted' },
  markup: {
    zh: '不接受网页、SVG 或 XML 文件，请截图或导出为 PDF 后上传',
    en: 'HTML, SVG and XML files are not accepted; upload a screenshot or a PDF instead',
  },
  archive: {
    zh: '不接受压缩包，请解压后逐个上传',
    en: 'Archives are not accepted; upload the files one by one',
  },
  unknown: {
    zh: '不支持的文件格式；可上传图片、PDF、视频、音频、UTF-8 文本或 Word/Excel/OFD 文档',
    en: 'Unsupported file format; upload an image, PDF, video, audio, UTF-8 text or a Word/Excel/OFD document',
  },
  invalid_text: { zh: '文本文件须为 UTF-8 编码', en: 'Text files must be UTF-8 encoded' },
};

function unsupported(reason: keyof typeof REJECTIONS, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('UNSUPPORTED_MEDIA_TYPE', {
    userMessage: REJECTIONS[reason],
    extra: { reason, ...extra },
  });
}

/**
 * Receives one uploaded file into evidence storage: sniffs its first bytes, refuses what evidence may not be
 * (or what `evidenceType` does not accept) before storing anything, then streams it in under the sniffed
 * kind's size limit. On any failure nothing is stored and the rest of the part is drained so the multipart
 * parser can finish the request. Register `@fastify/multipart` with `limits.fileSize` ≥ `maxUploadBytes()`.
 * @throws VALIDATION_FAILED (field `file`) for an empty file; UNSUPPORTED_MEDIA_TYPE (`extra.reason`) for
 * a refused type; PAYLOAD_TOO_LARGE over the kind's limit or when the parser truncated the part.
 */
export async function receiveEvidenceUpload(
  part: UploadPart,
  storage: EvidenceStorage,
  options: ReceiveUploadOptions = {},
): Promise<ReceivedEvidence> {
  const limits = options.limits ?? DEFAULT_SIZE_LIMITS;
  // Not destroying the stream on early exit: busboy must keep consuming the request after a refusal.
  const chunks = part.file.iterator({ destroyOnReturn: false }) as AsyncIterator<Uint8Array>;
  try {
    const { head, ended } = await readHead(chunks);
    if (ended) assertNotTruncated(part, limits);
    const sniffed = admit(head, ended, options.evidenceType);
    const maxBytes = limits[sniffed.kind];
    const source = continueWith(head, chunks, sniffed.kind, () => assertNotTruncated(part, limits, maxBytes));
    const stored = await storage.put(source, { maxBytes });
    return {
      storageKey: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      mime: sniffed.mime,
      kind: sniffed.kind,
      originalName: sanitizeFileName(part.filename),
    };
  } catch (error) {
    // Detach the iterator (it holds a 'readable' listener that would keep resume() from flowing), then drain.
    await chunks.return?.();
    part.file.resume();
    throw error;
  }
}

/** Reads chunks until at least `SNIFF_BYTES` are in hand or the file ends. */
async function readHead(chunks: AsyncIterator<Uint8Array>): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(parts), ended: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), ended: false };
}

/** Sniffs the head and applies the evidence type's restriction; throws for anything refused. */
function admit(head: Buffer, ended: boolean, evidenceType: EvidenceType | undefined): Sniffed {
  const result = sniffDetailed(head.subarray(0, SNIFF_BYTES), {
    isWholeFile: ended && head.length <= SNIFF_BYTES,
  });
  if (result === 'empty') {
    throw invalidField('file', 'empty', { zh: '文件为空', en: 'The file is empty' });
  }
  if (typeof result === 'string') throw unsupported(result);
  if (evidenceType && !EVIDENCE_TYPE_INFO[evidenceType].accepts.includes(result.kind)) {
    const accepted = EVIDENCE_TYPE_INFO[evidenceType].accepts;
    const label = EVIDENCE_TYPE_INFO[evidenceType].label;
    const list = (lang: 'zh' | 'en') => accepted.map((k) => SNIFFED_KIND_LABELS[k][lang]);
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', {
      userMessage: {
        zh: `「${label.zh}」只接受：${list('zh').join('、')}`,
        en: `${label.en} accepts only: ${list('en').join(', ')}`,
      },
      extra: { reason: 'not_accepted_for_type', evidenceType, detected: result.mime, accepted },
    });
  }
  return result;
}

/** The head, then the rest of the part; text is validated to its last byte, truncation checked at the end. */
async function* continueWith(
  head: Buffer,
  chunks: AsyncIterator<Uint8Array>,
  kind: SniffedKind,
  atEnd: () => void,
): AsyncGenerator<Uint8Array> {
  const text = kind === 'text' ? createTextValidator() : null;
  let chunk: Uint8Array = head;
  for (;;) {
    if (text && !text.push(chunk)) throw unsupported('invalid_text');
    yield chunk;
    const next = await chunks.next();
    if (next.done) break;
    chunk = next.value;
  }
  if (text && !text.end()) throw unsupported('invalid_text');
  atEnd();
}

/** The multipart parser cut the part at its own `fileSize` limit: the content is incomplete, refuse it. */
function assertNotTruncated(part: UploadPart, limits: SizeLimits, maxBytes?: number): void {
  if (!part.file.truncated) return;
  const parserLimit = part.file.bytesRead ?? Math.min(...Object.values(limits));
  throw payloadTooLarge(Math.min(parserLimit, maxBytes ?? parserLimit));
}

const NAME_MAX = 120;
// Windows-reserved characters, so a downloaded copy saves under the same name.
const RESERVED = new Set(['<', '>', ':', '"', '|', '?', '*']);

/**
 * A client file name made safe to display and to offer as a download name: no directories, no control,
 * zero-width or bidi-override characters (the "invoice‮gpj.exe" trick), at most 120 characters with the
 * extension kept. Falls back to "evidence".
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const kept = Array.from(base.normalize('NFC')).filter((ch) => {
    const code = ch.codePointAt(0)!;
    const isControl = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const isInvisible =
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    return !isControl && !isInvisible && code !== 0xfeff;
  });
  const cleaned = kept
    .map((ch) => (RESERVED.has(ch) ? '_' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = Array.from(cleaned);
  if (chars.length === 0) return 'evidence';
  if (chars.length <= NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return Array.from(cleaned.slice(0, cleaned.length - extension.length))
    .slice(0, NAME_MAX - extension.length)
    .join('')
    .concat(extension);
}
