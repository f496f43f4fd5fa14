/**
 * Evidence files: receiving uploads, deciding their type, storing and reading them. The evidence table, its
 * routes and the link to cases and evidence requests live with the case module; this module owns the bytes.
 *
 * Invariants:
 * - Content-addressed: an object's key is derived from the SHA-256 of its bytes (`ab/cd/<sha256>`), so the
 *   recorded hash always matches what is served and identical uploads share one stored object.
 * - Never deleted while a case lives: `EvidenceStorage`, the interface case code gets, has no delete. Only
 *   retention tooling holds `EvidenceRetentionStorage.purge`, and only once no evidence row (any case, any
 *   tenant) references the key.
 * - Type by content: the MIME type and kind come from the file's magic bytes, never its name or the client's
 *   Content-Type; executables and markup a browser could run (HTML, SVG, XML) are refused outright.
 * - Bounded: each kind has a size limit enforced while streaming; nothing partial is ever visible (temp file,
 *   fsync, atomic rename) and a refused upload leaves nothing behind.
 */
export {
  assertEvidenceKey,
  evidenceKeyOf,
  FileEvidenceStorage,
  isEvidenceKey,
  type ByteRange,
  type EvidenceKey,
  type EvidenceRetentionStorage,
  type EvidenceStat,
  type EvidenceStorage,
  type StoredEvidence,
} from './storage.js';
export { MemoryEvidenceStorage } from './memory-storage.js';
export {
  DEFAULT_SIZE_LIMITS,
  maxUploadBytes,
  SNIFF_BYTES,
  SNIFFED_KINDS,
  sniff,
  sniffDetailed,
  type RejectReason,
  type SizeLimits,
  type Sniffed,
  type SniffedKind,
} from './sniff.js';
export {
  EVIDENCE_TYPE_INFO,
  EVIDENCE_TYPES,
  evidenceTypeAccepts,
  EvidenceTypeSchema,
  SNIFFED_KIND_LABELS,
  type EvidenceType,
  type EvidenceTypeInfo,
} from './evidence-types.js';
export {
  receiveEvidenceUpload,
  sanitizeFileName,
  type ReceivedEvidence,
  type ReceiveUploadOptions,
  type UploadPart,
} from './receive-upload.js';
