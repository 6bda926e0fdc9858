// POST /files (multipart, one file, signed-in callers) and GET /files/:id (its uploader and the city's
// staff; anyone else gets 404, as for a file that does not exist). Answers are JSON with a code and a
// message, Chinese first; the upload answers the id the GraphQL mutation references.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { isUuid } from '../../graphql/ids';
import type { AuthService } from '../accounts/auth.service';
import { cleanFileName, DEFAULT_MAX_BYTES, defaultFilesDir, MissingFileError, readableFile, sniff, storeFile } from './files.service';
import { fileUrl } from './signs.models';

export interface FileRouteOptions {
  db: Database;
  auth: AuthService;
  /** Where the bytes go (default: BIANMIN_FILES_DIR, or <BIANMIN_DATA_DIR>/files) */
  dir?: string;
  /** Largest upload in bytes (default: BIANMIN_UPLOAD_MAX_BYTES, or 10 MiB) */
  maxBytes?: number;
}

/** The map endpoints' error shape (map-http.ts): { error, message, requestId }. */
const fail = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ error: code, message, requestId: reply.request.id });

async function viewerOf(auth: AuthService, req: FastifyRequest, reply: FastifyReply): Promise<Viewer | null> {
  try {
    const viewer = await auth.viewerFromHeader(req.headers.authorization);
    if (viewer) return viewer;
  } catch {
    // an invalid or expired token answers the same as none
  }
  await fail(reply, 401, 'UNAUTHENTICATED', '请先登录 / sign in first');
  return null;
}

export async function registerFileRoutes(app: FastifyInstance, opts: FileRouteOptions): Promise<void> {
  const dir = opts.dir ?? defaultFilesDir();
  const maxBytes = opts.maxBytes ?? (Number(process.env.BIANMIN_UPLOAD_MAX_BYTES) || DEFAULT_MAX_BYTES);
  const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  // Scoped, so the multipart parser applies to these routes only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5 } });

    scope.post('/files', async (req, reply) => {
      const viewer = await viewerOf(opts.auth, req, reply);
      if (!viewer) return reply;
      if (!req.isMultipart()) return fail(reply, 415, 'BAD_USER_INPUT', '请以 multipart/form-data 上传一个文件 / upload one file as multipart/form-data');
      let bytes: Buffer;
      let name: string;
      try {
        const part = await req.file();
        if (!part) return fail(reply, 400, 'BAD_USER_INPUT', '没有文件 / no file in the request');
        bytes = await part.toBuffer();
        name = cleanFileName(part.filename);
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          return fail(reply, 413, 'BAD_USER_INPUT', `文件超过 ${mib} MiB / the file is larger than ${mib} MiB`);
        }
        return fail(reply, 400, 'BAD_USER_INPUT', '无法读取上传内容 / the upload could not be read');
      }
      if (bytes.length === 0) return fail(reply, 400, 'BAD_USER_INPUT', '文件为空 / the file is empty');
      const mediaType = await sniff(bytes);
      if (!mediaType) {
        return fail(reply, 415, 'BAD_USER_INPUT', '只接受 PNG、JPEG、WebP 图片或 PDF（按文件内容判断）/ only PNG, JPEG or WebP images and PDF are accepted, judged by the content');
      }
      const row = await storeFile(opts.db, dir, viewer, bytes, mediaType, name);
      return reply.code(201).send({
        id: row.id, fileName: row.fileName, mediaType: row.mediaType, sizeBytes: row.sizeBytes, sha256: row.sha256, url: fileUrl(row.id),
      });
    });

    scope.get<{ Params: { id: string } }>('/files/:id', async (req, reply) => {
      const viewer = await viewerOf(opts.auth, req, reply);
      if (!viewer) return reply;
      let found: Awaited<ReturnType<typeof readableFile>> = null;
      try {
        found = isUuid(req.params.id) ? await readableFile(opts.db, dir, viewer, req.params.id.toLowerCase()) : null;
      } catch (e) {
        if (!(e instanceof MissingFileError)) throw e;
        req.log.error({ fileId: e.fileId, dir }, 'an attachment is recorded but missing from the files folder');
        return fail(reply, 404, 'NOT_FOUND', '文件记录存在，但文件内容不在存储目录中，请联系管理员 / the file is recorded but missing from storage: tell an administrator');
      }
      if (!found) return fail(reply, 404, 'NOT_FOUND', '未找到文件 / file not found');
      const ascii = found.row.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return reply
        .header('content-type', found.row.mediaType)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.row.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(found.bytes);
    });
  });
}
