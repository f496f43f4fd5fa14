/**
 * Content sniffing for evidence uploads. The type of a file is decided by its first bytes only — never by its
 * name or the client's Content-Type, which anyone can fake. Formats that can carry script when a browser
 * opens them (HTML, SVG, XML) and executables are refused explicitly, whatever they claim to be.
 */

/** The broad kinds of evidence content; size limits and evidence types are expressed in these. */
export const SNIFFED_KINDS = ['image', 'pdf', 'video', 'audio', 'text', 'document'] as const;
export type SniffedKind = (typeof SNIFFED_KINDS)[number];

/** What sniffing found: the MIME type to store and serve with, and its kind. */
export type Sniffed = { mime: string; kind: SniffedKind };

/** Why a file was refused: each maps to its own user message. */
export type RejectReason = 'empty' | 'executable' | 'markup' | 'archive' | 'unknown';

/** How many leading bytes `sniff` wants to see; fewer is fine when the file is shorter. */
export const SNIFF_BYTES = 8192;

const MiB = 1024 * 1024;

/** Per-kind size limits in bytes. A config object: routes may pass their own (e.g. from tenant settings). */
export type SizeLimits = Record<SniffedKind, number>;

/**
 * Default limits (binary megabytes). Video is large because replay clips and unboxing videos are the usual
 * proof for virtual goods and "received damaged" complaints; text is small because chat exports are.
 */
export const DEFAULT_SIZE_LIMITS: SizeLimits = {
  image: 20 * MiB,
  pdf: 20 * MiB,
  video: 200 * MiB,
  audio: 50 * MiB,
  text: 5 * MiB,
  document: 20 * MiB,
};

/** The largest limit: configure the multipart parser's `limits.fileSize` at least this high. */
export function maxUploadBytes(limits: SizeLimits = DEFAULT_SIZE_LIMITS): number {
  return Math.max(...Object.values(limits));
}

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

const startsWith = (bytes: Uint8Array, magic: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

/** Brands of ISO base media files (`ftyp` box) we accept, by brand. */
const FTYP_BRANDS: Record<string, Sniffed> = {
  heic: { mime: 'image/heic', kind: 'image' },
  heix: { mime: 'image/heic', kind: 'image' },
  heim: { mime: 'image/heic', kind: 'image' },
  heis: { mime: 'image/heic', kind: 'image' },
  hevc: { mime: 'image/heic-sequence', kind: 'image' },
  hevx: { mime: 'image/heic-sequence', kind: 'image' },
  avif: { mime: 'image/avif', kind: 'image' },
  mif1: { mime: 'image/heif', kind: 'image' },
  msf1: { mime: 'image/heif-sequence', kind: 'image' },
  'M4A ': { mime: 'audio/mp4', kind: 'audio' },
  'M4B ': { mime: 'audio/mp4', kind: 'audio' },
  'qt  ': { mime: 'video/quicktime', kind: 'video' },
  isom: { mime: 'video/mp4', kind: 'video' },
  iso2: { mime: 'video/mp4', kind: 'video' },
  iso4: { mime: 'video/mp4', kind: 'video' },
  iso5: { mime: 'video/mp4', kind: 'video' },
  iso6: { mime: 'video/mp4', kind: 'video' },
  mp41: { mime: 'video/mp4', kind: 'video' },
  mp42: { mime: 'video/mp4', kind: 'video' },
  avc1: { mime: 'video/mp4', kind: 'video' },
  'M4V ': { mime: 'video/mp4', kind: 'video' },
  mmp4: { mime: 'video/mp4', kind: 'video' },
  '3gp4': { mime: 'video/3gpp', kind: 'video' },
  '3gp5': { mime: 'video/3gpp', kind: 'video' },
  '3gp6': { mime: 'video/3gpp', kind: 'video' },
  '3g2a': { mime: 'video/3gpp2', kind: 'video' },
};

/** `....ftyp<major><minor><compatible…>`: the major brand decides; a generic one (mif1) defers to the rest. */
function sniffFtyp(head: Uint8Array): Sniffed | null {
  if (ascii(head, 4, 8) !== 'ftyp' || head.length < 12) return null;
  const boxSize = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  // A real ftyp box is a few dozen bytes; its size field's leading zero bytes also rule out text.
  if (boxSize < 12 || boxSize > 4096) return null;
  const major = ascii(head, 8, 12);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4)
    compatible.push(ascii(head, at, at + 4));
  const isGenericImage = major === 'mif1' || major === 'msf1';
  const preferred = isGenericImage ? compatible.find((b) => b === 'avif' || b === 'heic') : undefined;
  const brand = [preferred, major, ...compatible].find((b) => b !== undefined && b in FTYP_BRANDS);
  return brand ? FTYP_BRANDS[brand]! : null;
}

/** Names of the local file entries of a ZIP archive, as far as the head reaches. */
function zipEntryNames(head: Uint8Array): string[] {
  const names: string[] = [];
  for (let at = 0; at + 30 <= head.length; at++) {
    if (!startsWith(head, [0x50, 0x4b, 0x03, 0x04], at)) continue;
    const nameLength = head[at + 26]! | (head[at + 27]! << 8);
    names.push(ascii(head, at + 30, at + 30 + nameLength));
    at += 29 + nameLength;
  }
  return names;
}

/** Office Open XML and OFD (China's e-invoice format) are ZIPs; anything else zipped is an archive. */
function sniffZip(head: Uint8Array): Sniffed | RejectReason {
  const names = zipEntryNames(head);
  if (
    names.some((n) => n.endsWith('vbaProject.bin') || n.endsWith('.class') || n === 'AndroidManifest.xml')
  ) {
    return 'executable';
  }
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (has('[Content_Types].xml') || has('_rels/')) {
    if (has('word/')) {
      return {
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        kind: 'document',
      };
    }
    if (has('xl/')) {
      return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'document' };
    }
  }
  if (has('OFD.xml')) return { mime: 'application/ofd', kind: 'document' };
  return 'archive';
}

/** MPEG audio frame header: 11 sync bits, then a valid version, layer, bitrate and sample rate. */
function isMpegAudioFrame(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0xff || (head[1]! & 0xe0) !== 0xe0) return false;
  const version = (head[1]! >> 3) & 0x03;
  const layer = (head[1]! >> 1) & 0x03;
  const bitrate = head[2]! >> 4;
  const sampleRate = (head[2]! >> 2) & 0x03;
  // Layer I (3) is left out: nobody records evidence in it, and FF FE is also the UTF-16LE byte order mark.
  return (
    version !== 1 && (layer === 1 || layer === 2) && bitrate !== 0 && bitrate !== 0x0f && sampleRate !== 3
  );
}

/** Binary formats recognised by their magic numbers, in no particular order (they cannot overlap). */
function sniffBinary(head: Uint8Array): Sniffed | RejectReason | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', kind: 'image' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { mime: 'image/png', kind: 'image' };
  const first6 = ascii(head, 0, 6);
  if (first6 === 'GIF87a' || first6 === 'GIF89a') return { mime: 'image/gif', kind: 'image' };
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 12);
    if (form === 'WEBP') return { mime: 'image/webp', kind: 'image' };
    if (form === 'WAVE') return { mime: 'audio/wav', kind: 'audio' };
    return null;
  }
  if (ascii(head, 0, 5) === '%PDF-') return { mime: 'application/pdf', kind: 'pdf' };
  const ftyp = sniffFtyp(head);
  if (ftyp) return ftyp;
  // Old QuickTime files start with a bare atom; requiring a zero high size byte keeps text ("Not wide…") out.
  if (head[0] === 0 && ['moov', 'mdat', 'wide'].includes(ascii(head, 4, 8))) {
    return { mime: 'video/quicktime', kind: 'video' };
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    const header = ascii(head, 4, 64);
    if (header.includes('webm')) return { mime: 'video/webm', kind: 'video' };
    if (header.includes('matroska')) return { mime: 'video/x-matroska', kind: 'video' };
    return null;
  }
  if (ascii(head, 0, 3) === 'ID3' || isMpegAudioFrame(head)) return { mime: 'audio/mpeg', kind: 'audio' };
  if (ascii(head, 0, 4) === 'OggS') return { mime: 'audio/ogg', kind: 'audio' };
  // Voice messages exported from Chinese chat apps are often AMR; its magic starts like a shebang.
  if (ascii(head, 0, 6) === '#!AMR\n') return { mime: 'audio/amr', kind: 'audio' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head);
  return null;
}

const EXECUTABLE_MAGIC: readonly (readonly number[])[] = [
  [0x4d, 0x5a], // MZ: Windows PE / DOS
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce], // Mach-O 32
  [0xfe, 0xed, 0xfa, 0xcf], // Mach-O 64
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O fat binary / Java class
  [0x00, 0x61, 0x73, 0x6d], // WebAssembly
  [0x64, 0x65, 0x78, 0x0a], // Android dex
  [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00], // Windows shortcut (.lnk)
  [0x23, 0x21], // "#!" script
];

/** Markup a browser may render and run script from, wherever it appears in the head. */
const MARKUP = /<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|\?xml|xsl:)/i;

/**
 * Valid UTF-8 without NUL. When `isWholeFile` is false the head may end inside a multi-byte character;
 * `createTextValidator` then checks the rest of the stream.
 */
function isUtf8Text(head: Uint8Array, isWholeFile: boolean): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !isWholeFile });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sniffs a file from its first bytes (ideally `SNIFF_BYTES` of them) and says what it is or why it is refused.
 * `isWholeFile` tells whether `head` is the complete content (it matters for text only).
 */
export function sniffDetailed(
  head: Uint8Array,
  options: { isWholeFile?: boolean } = {},
): Sniffed | RejectReason {
  if (head.length === 0) return 'empty';
  const binary = sniffBinary(head);
  if (binary) return binary;
  if (EXECUTABLE_MAGIC.some((magic) => startsWith(head, magic))) return 'executable';
  const latin1 = ascii(head, 0, head.length);
  if (MARKUP.test(latin1)) return 'markup';
  if (isUtf8Text(head, options.isWholeFile ?? false))
    return { mime: 'text/plain; charset=utf-8', kind: 'text' };
  return 'unknown';
}

/** Sniffs a file from its first bytes; null when it is not a type evidence may have. */
export function sniff(head: Uint8Array, options: { isWholeFile?: boolean } = {}): Sniffed | null {
  const result = sniffDetailed(head, options);
  return typeof result === 'string' ? null : result;
}

/**
 * Checks the remainder of a text upload chunk by chunk (the head only proved its beginning): UTF-8 across
 * chunk boundaries and no NUL. `push` and `end` return false once the content stops being text.
 */
export function createTextValidator(): { push(chunk: Uint8Array): boolean; end(): boolean } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const attempt = (fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch {
      return false;
    }
  };
  return {
    push: (chunk) => !chunk.includes(0) && attempt(() => decoder.decode(chunk, { stream: true })),
    end: () => attempt(() => decoder.decode()),
  };
}
