// Attachments: POST /files takes one image or PDF, judged by its content (a text file renamed .png is
// refused), within the size limit, records its SHA-256, and GET /files/:id gives it back to its uploader
// and the city's staff only (404 for anyone else). An application references it by id.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { startTestApp, type TestApp } from '../../../test/helpers/app';
import { IN_AREA, shopInput, signTables, signWorld, vendorToken, type SignWorld } from '../../../test/helpers/signs';
import { registerFileRoutes } from './files.routes';

let app: TestApp;
let world: SignWorld;
let server: FastifyInstance;
let dir: string;

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function multipart(name: string, content: Buffer, type: string) {
  const boundary = `----bm${crypto.randomBytes(6).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

const upload = (token: string | null | undefined, name: string, content: Buffer, type = 'image/png') => {
  const m = multipart(name, content, type);
  return server.inject({ method: 'POST', url: '/files', headers: { ...m.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: m.payload });
};
const download = (token: string | null | undefined, id: string) =>
  server.inject({ method: 'GET', url: `/files/${id}`, headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  app = await startTestApp();
  world = await signWorld(app);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-files-'));
  server = Fastify();
  await registerFileRoutes(server, { db: app.db, auth: app.auth, dir, maxBytes: 64 * 1024 });
});
afterAll(async () => {
  await server.close();
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('accepts a PNG with its SHA-256, stores it by id, and an application references it', async () => {
  const vendor = world.tokens.get('vendor');
  const res = await upload(vendor, '门面照片.png', PNG, 'application/octet-stream');
  expect(res.statusCode).toBe(201);
  const file = res.json<{ id: string; sha256: string; mediaType: string; sizeBytes: number; fileName: string }>();
  expect(file).toMatchObject({ sha256: sha(PNG), mediaType: 'image/png', sizeBytes: PNG.length, fileName: '门面照片.png' });
  expect(fs.readFileSync(path.join(dir, world.city.cityId, file.id))).toEqual(PNG);

  const created = await app.gql<{ createSignApplication: { attachments: { id: string; sha256: string }[] } }>(
    'mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { attachments { id sha256 } } }',
    { i: shopInput(IN_AREA, { attachmentIds: [file.id] }) }, vendor);
  expect(created.data!.createSignApplication.attachments).toEqual([{ id: file.id, sha256: sha(PNG) }]);

  // Downloads: the uploader and whoever may read the application (admins, officers and assistants of the
  // shop's district); an officer of another district, another shop owner and a zone manager get 404, the public 401.
  for (const who of ['vendor', 'admin', 'officerHere', 'officerBoth', 'assistant'] as const) {
    const d = await download(world.tokens.get(who), file.id);
    expect([who, d.statusCode, d.headers['content-type']]).toEqual([who, 200, 'image/png']);
    expect(d.rawPayload).toEqual(PNG);
  }
  expect((await download(world.tokens.get('officerElsewhere'), file.id)).statusCode).toBe(404);
  expect((await download(world.otherVendor, file.id)).statusCode).toBe(404);
  expect((await download(world.tokens.get('zoneManager'), file.id)).statusCode).toBe(404);
  expect((await download(null, file.id)).statusCode).toBe(401);

  // Another owner cannot attach it to their own application.
  const stolen = await app.gql('mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { id } }',
    { i: shopInput(IN_AREA, { attachmentIds: [file.id] }) }, world.otherVendor);
  expect(stolen.errors?.[0].extensions).toMatchObject({ reason: 'ATTACHMENT_NOT_FOUND' });
});

it('refuses a text file renamed .png, a file over the limit, and an anonymous upload, storing nothing', async () => {
  const before = await signTables(app.db);
  const files = () => fs.readdirSync(dir, { recursive: true }).length;
  const count = files();
  const text = await upload(world.tokens.get('vendor'), 'sign.png', Buffer.from('this is not a picture\n'.repeat(20)));
  expect([text.statusCode, text.json().error]).toEqual([415, 'BAD_USER_INPUT']);
  expect(text.json().requestId).toEqual(expect.any(String));
  const big = await upload(world.tokens.get('vendor'), 'big.png', Buffer.concat([PNG, Buffer.alloc(70 * 1024)]));
  expect(big.statusCode).toBe(413);
  expect(big.json().message).toContain('larger than 0.1 MiB');
  expect((await upload(null, 'a.png', PNG)).statusCode).toBe(401);
  expect((await upload(await vendorToken(app, world.city) + 'x', 'a.png', PNG)).statusCode).toBe(401);
  expect(await signTables(app.db)).toEqual(before);
  expect(files()).toBe(count);
});
