import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invalidField } from '../../http/errors.js';
import { errorHandler } from '../../http/problem.js';
import { EvidenceTypeSchema } from './evidence-types.js';
import { receiveEvidenceUpload, sanitizeFileName } from './receive-upload.js';
import { DEFAULT_SIZE_LIMITS, type SizeLimits } from './sniff.js';
import { FileEvidenceStorage } from './storage.js';

const KiB = 1024;
const LIMITS: SizeLimits = { ...DEFAULT_SIZE_LIMITS, image: 64 * KiB, pdf: 64 * KiB, text: 32 * KiB };

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR pixels of a cracked screen'),
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), Buffer.alloc(200)]);

type Part =
  { name: string; value: string } | { name: string; filename: string; type: string; content: Buffer };

/** A multipart/form-data body built by hand, byte for byte. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----AccordBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head =
      'content' in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}`
        : `Content-Disposition: form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`));
    chunks.push('content' in part ? part.content : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The shape of route the lead will write: parse the type field, hand the part to the helper. */
async function buildUploadApp(
  storage: FileEvidenceStorage,
  parserFileSize: number,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  await app.register(fastifyMultipart, { limits: { fileSize: parserFileSize, files: 1 } });
  app.post('/evidence', async (request) => {
    const part = await request.file();
    if (!part) throw invalidField('file', 'required', { zh: '请选择文件', en: 'Choose a file' });
    const field = part.fields.type;
    const value = field && !Array.isArray(field) && field.type === 'field' ? field.value : 'other';
    const evidenceType = EvidenceTypeSchema.parse(value);
    return receiveEvidenceUpload(part, storage, { evidenceType, limits: LIMITS });
  });
  return app;
}

let dataDir: string;
let storage: FileEvidenceStorage;
let app: FastifyInstance;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'accord-upload-'));
  storage = new FileEvidenceStorage(dataDir);
  app = await buildUploadApp(storage, 1024 * KiB);
});
afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function upload(
  target: FastifyInstance,
  type: string,
  filename: string,
  mime: string,
  content: Buffer,
) {
  const body = multipart([
    { name: 'type', value: type },
    { name: 'file', filename, type: mime, content },
  ]);
  return target.inject({ method: 'POST', url: '/evidence', ...body });
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.join(dataDir, 'evidence'), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('receiveEvidenceUpload through @fastify/multipart', () => {
  it('stores a PNG screenshot and reports its hash, size and sniffed type', async () => {
    const res = await upload(app, 'order_screenshot', 'screenshot.png', 'image/png', PNG);
    expect(res.statusCode).toBe(200);
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    expect(res.json()).toEqual({
      storageKey: `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      sha256,
      size: PNG.length,
      mime: 'image/png',
      kind: 'image',
      originalName: 'screenshot.png',
    });
    expect(await storage.exists(res.json<{ storageKey: string }>().storageKey)).toBe(true);
  });

  it('stores a PDF invoice whatever Content-Type the client claimed', async () => {
    const res = await upload(app, 'invoice', '发票.pdf', 'application/octet-stream', PDF);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mime: 'application/pdf', kind: 'pdf', originalName: '发票.pdf' });
  });

  it('refuses a renamed executable claiming to be a JPEG with 415, storing nothing', async () => {
    const res = await upload(app, 'photo', 'photo.jpg', 'image/jpeg', EXE);
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', reason: 'executable' });
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses an HTML page named chat.txt with 415', async () => {
    const html = Buffer.from('<html><body onload="steal()">聊天记录</body></html>');
    const res = await upload(app, 'chat_log', 'chat.txt', 'text/plain', html);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', reason: 'markup' });
  });

  it('refuses content the evidence type does not accept (a PDF as a replay clip)', async () => {
    const res = await upload(app, 'replay_clip', 'replay.mp4', 'video/mp4', PDF);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      reason: 'not_accepted_for_type',
      detected: 'application/pdf',
      accepted: ['video'],
      detail: '「游戏回放录像」只接受：视频',
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses an image over its kind limit with 413 and leaves no temp file', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(LIMITS.image)]);
    const res = await upload(app, 'photo', 'big.png', 'image/png', big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxBytes: LIMITS.image });
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses with 413 when the multipart parser truncated the file at its own limit', async () => {
    const strictParser = await buildUploadApp(storage, 16 * KiB);
    try {
      const res = await upload(
        strictParser,
        'photo',
        'big.png',
        'image/png',
        Buffer.concat([PNG, Buffer.alloc(40 * KiB)]),
      );
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 16 * KiB });
      expect(await storedFiles()).toEqual([]);
    } finally {
      await strictParser.close();
    }
  });

  it('refuses an empty file with 400 on the field "file"', async () => {
    const res = await upload(app, 'photo', 'empty.jpg', 'image/jpeg', Buffer.alloc(0));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'file', code: 'empty', message: '文件为空' }],
    });
  });

  it('stores a UTF-8 chat log larger than the sniffed head', async () => {
    const log = Buffer.from('2026-09-30 21:14 买家：快递盒子破了\n'.repeat(500));
    const res = await upload(app, 'chat_log', '聊天记录.txt', 'text/plain', log);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'text', mime: 'text/plain; charset=utf-8', size: log.length });
  });

  it('refuses text that stops being UTF-8 after the sniffed head, storing nothing', async () => {
    const log = Buffer.concat([Buffer.from('聊天记录 ok\n'.repeat(1000)), Buffer.from([0xc4, 0xe3, 0x0a])]);
    const res = await upload(app, 'chat_log', 'chat.txt', 'text/plain', log);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ reason: 'invalid_text', detail: '文本文件须为 UTF-8 编码' });
    expect(await storedFiles()).toEqual([]);
  });

  it('answers a refused upload over a real socket without hanging', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const body = multipart([
      {
        name: 'file',
        filename: 'big.png',
        type: 'image/png',
        content: Buffer.concat([PNG, Buffer.alloc(512 * KiB)]),
      },
    ]);
    const res = await fetch(`http://127.0.0.1:${port}/evidence`, {
      method: 'POST',
      headers: body.headers,
      body: body.payload,
    });
    expect(res.status).toBe(413);
    const again = await upload(app, 'photo', 'ok.png', 'image/png', PNG);
    expect(again.statusCode).toBe(200);
    // Without draining the refused part, the request never finishes and the server cannot close.
    const closed = await Promise.race([
      app.close().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    expect(closed).toBe(true);
  }, 15_000);
});

describe('sanitizeFileName', () => {
  it.each([
    ['screenshot.png', 'screenshot.png'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\买家\\Desktop\\订单截图.jpg', '订单截图.jpg'],
    ['invoice\u202egpj.exe', 'invoicegpj.exe'],
    ['a\u0000b\u001fc\u007f.pdf', 'abc.pdf'],
    ['zero\u200bwidth.png', 'zerowidth.png'],
    ['  ..hidden.  ', 'hidden'],
    ['what?<is>:this*.txt', 'what__is__this_.txt'],
    ['', 'evidence'],
    ['...', 'evidence'],
    ['e\u0301.txt', '\u00e9.txt'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('shortens long names to 120 characters and keeps the extension', () => {
    const name = sanitizeFileName(`${'证'.repeat(300)}.jpeg`);
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('证.jpeg')).toBe(true);
  });
});
