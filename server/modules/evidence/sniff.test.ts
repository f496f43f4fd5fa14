import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTextValidator, DEFAULT_SIZE_LIMITS, maxUploadBytes, sniff, sniffDetailed } from './sniff.js';

/** Concatenates latin1 strings, byte arrays and buffers into one header. */
function bytes(...parts: (string | number[] | Uint8Array)[]): Buffer {
  return Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p as Uint8Array))),
  );
}

/** An ISO BMFF `ftyp` box with the given brands. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], 'mdat');
}

/** A ZIP local file header for `name` followed by a little stored data. */
function zipEntry(name: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return bytes(header, name, 'data');
}

const ebml = (docType: string) =>
  bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length], docType);

describe('sniff: accepted formats by magic bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF', [0]), 'image/jpeg', 'image'],
    ['PNG', bytes([0x89], 'PNG\r\n', [0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'image/png', 'image'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif', 'image'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif', 'image'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp', 'image'],
    ['HEIC (iPhone)', ftyp('heic', 'mif1', 'heic'), 'image/heic', 'image'],
    ['HEIC (heix)', ftyp('heix', 'mif1', 'heix'), 'image/heic', 'image'],
    ['HEIF (mif1 only)', ftyp('mif1', 'mif1'), 'image/heif', 'image'],
    ['HEIC under a mif1 major brand', ftyp('mif1', 'mif1', 'heic'), 'image/heic', 'image'],
    ['AVIF', ftyp('avif', 'avif', 'mif1', 'miaf'), 'image/avif', 'image'],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf', 'pdf'],
    ['MP4 (isom)', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4', 'video'],
    ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video/mp4', 'video'],
    ['MP4 (unknown major, compatible isom)', ftyp('xxxx', 'isom'), 'video/mp4', 'video'],
    ['MOV (qt)', ftyp('qt  ', 'qt  '), 'video/quicktime', 'video'],
    [
      'MOV (legacy, no ftyp)',
      bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 0x10], 'mdat'),
      'video/quicktime',
      'video',
    ],
    ['3GP', ftyp('3gp4', 'isom', '3gp4'), 'video/3gpp', 'video'],
    ['WebM', ebml('webm'), 'video/webm', 'video'],
    ['MKV', ebml('matroska'), 'video/x-matroska', 'video'],
    ['MP3 with ID3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0x23]), 'audio/mpeg', 'audio'],
    ['MP3 frame (MPEG-1 layer III)', bytes([0xff, 0xfb, 0x90, 0x64, 0, 0]), 'audio/mpeg', 'audio'],
    ['MP3 frame (MPEG-2 layer III)', bytes([0xff, 0xf3, 0x64, 0xc4, 0, 0]), 'audio/mpeg', 'audio'],
    ['WAV', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav', 'audio'],
    ['M4A', ftyp('M4A ', 'M4A ', 'mp42', 'isom'), 'audio/mp4', 'audio'],
    ['Ogg', bytes('OggS', [0, 2, 0, 0]), 'audio/ogg', 'audio'],
    ['AMR voice message', bytes('#!AMR\n', [0x3c]), 'audio/amr', 'audio'],
    [
      'UTF-8 chat log',
      Buffer.from('2026-09-30 21:14 买家：你好，商品坏了\n2026-09-30 21:15 卖家：请拍照\n'),
      'text',
      'text',
    ],
    ['UTF-8 text with BOM', Buffer.from('\ufeff聊天记录\r\n'), 'text', 'text'],
    ['ASCII text', Buffer.from('order 1234 shipped\n'), 'text', 'text'],
    [
      'DOCX',
      bytes(zipEntry('[Content_Types].xml'), zipEntry('_rels/.rels'), zipEntry('word/document.xml')),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'document',
    ],
    [
      'XLSX',
      bytes(zipEntry('[Content_Types].xml'), zipEntry('xl/workbook.xml')),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'document',
    ],
    [
      'OFD e-invoice',
      bytes(zipEntry('OFD.xml'), zipEntry('Doc_0/Document.xml')),
      'application/ofd',
      'document',
    ],
  ])('recognises %s', (_name, head, mime, kind) => {
    const expectedMime = mime === 'text' ? 'text/plain; charset=utf-8' : mime;
    expect(sniff(head)).toEqual({ mime: expectedMime, kind });
  });
});

describe('sniff: refused content', () => {
  it.each([
    ['an empty file', bytes(), 'empty'],
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0]), 'executable'],
    ['an ELF binary', bytes([0x7f], 'ELF', [2, 1, 1, 0]), 'executable'],
    ['a Mach-O binary', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'executable'],
    ['a Java class / fat binary', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), 'executable'],
    ['a WebAssembly module', bytes([0], 'asm', [1, 0, 0, 0]), 'executable'],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n'), 'executable'],
    ['an Android package', bytes(zipEntry('AndroidManifest.xml'), zipEntry('classes.dex')), 'executable'],
    [
      'a macro-enabled Word file',
      bytes(zipEntry('[Content_Types].xml'), zipEntry('word/vbaProject.bin')),
      'executable',
    ],
    ['HTML', bytes('<!DOCTYPE html><html><body>invoice</body></html>'), 'markup'],
    ['HTML behind whitespace and a BOM', Buffer.from('\ufeff\n  <HTML><script>alert(1)</script>'), 'markup'],
    ['HTML without a doctype', bytes('<head><meta charset="utf-8"></head>'), 'markup'],
    ['an SVG image', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), 'markup'],
    ['XML that may be SVG', bytes('<?xml version="1.0"?>\n<svg/>'), 'markup'],
    ['a chat log hiding a script tag', Buffer.from('聊天记录\n<script src=//evil></script>'), 'markup'],
    ['a plain ZIP archive', bytes(zipEntry('photos/1.jpg'), zipEntry('photos/2.jpg')), 'archive'],
    ['GBK-encoded text', Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a]), 'unknown'],
    ['UTF-16LE text', Buffer.from('\ufeff你好', 'utf16le'), 'unknown'],
    ['text with a NUL byte', bytes('hello\0world'), 'unknown'],
    ['legacy Office (OLE) files', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'unknown'],
    ['RIFF that is neither WebP nor WAV (AVI)', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'unknown'],
    ['EBML of an unknown doc type', ebml('other'), 'unknown'],
    ['an ftyp box with an unknown brand', ftyp('abcd', 'efgh'), 'unknown'],
  ])('refuses %s', (_name, head, reason) => {
    expect(sniffDetailed(head)).toBe(reason);
    expect(sniff(head)).toBeNull();
  });

  it('does not mistake text for a QuickTime atom ("Not wide" at offset 4)', () => {
    expect(sniff(Buffer.from('Not wide enough\n'))?.kind).toBe('text');
  });

  it('accepts a head cut inside a multi-byte character, but not a whole file ending that way', () => {
    const cut = Buffer.from('你好').subarray(0, 4);
    expect(sniff(cut)?.kind).toBe('text');
    expect(sniff(cut, { isWholeFile: true })).toBeNull();
  });
});

describe('sniff: properties', () => {
  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (head) => {
        sniffDetailed(head);
      }),
      { numRuns: 2000 },
    );
  });

  it('classifies any UTF-8 chat text without markup as text', () => {
    const chars = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyz0123456789 :：，。！？\n\t买家卖家你好退款商品'.split(''),
    );
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 300 }), (list) => {
        expect(sniff(Buffer.from(list.join('')), { isWholeFile: true })?.kind).toBe('text');
      }),
    );
  });
});

describe('createTextValidator', () => {
  it('accepts UTF-8 split across chunks and refuses a NUL or a broken sequence later on', () => {
    const text = Buffer.from('退款');
    const ok = createTextValidator();
    expect(ok.push(text.subarray(0, 2)) && ok.push(text.subarray(2)) && ok.end()).toBe(true);
    const nul = createTextValidator();
    expect(nul.push(Buffer.from('fine'))).toBe(true);
    expect(nul.push(Buffer.from([0x61, 0]))).toBe(false);
    const dangling = createTextValidator();
    expect(dangling.push(text.subarray(0, 4))).toBe(true);
    expect(dangling.end()).toBe(false);
  });
});

describe('size limits', () => {
  it('caps each kind, the largest being video', () => {
    expect(DEFAULT_SIZE_LIMITS).toEqual({
      image: 20 * 1024 * 1024,
      pdf: 20 * 1024 * 1024,
      video: 200 * 1024 * 1024,
      audio: 50 * 1024 * 1024,
      text: 5 * 1024 * 1024,
      document: 20 * 1024 * 1024,
    });
    expect(maxUploadBytes()).toBe(200 * 1024 * 1024);
  });
});
