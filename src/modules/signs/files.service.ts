// Attachments on disk: the type is decided by the content (file-type sniffs the magic bytes), never by the
// name or the declared type, so a text file renamed .png is refused; only images (PNG, JPEG, WebP) and
// PDF are kept. The SHA-256 is recorded so a reviewer can show the file is the one uploaded. Files are
// stored by id only (the client's name is data, never a path) under <files dir>/<city id>/.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
// The package's own types, by path: its exports map is not read by this build's module resolution.
import type { fileTypeFromBuffer as FileTypeFromBuffer } from 'file-type/source/index';
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { REPO_ROOT } from '../../paths';
import { applicationById } from './applications.sql';
import { fileById, insertFile, type FileRow } from './files.sql';
import { signsPolicy } from './signs.policy';

export const ALLOWED_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'application/pdf']);
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

let sniffer: typeof FileTypeFromBuffer | null = null;

/** file-type is ES-module-only: this CommonJS build loads the bundle scripts/build-web.mjs makes. */
function fileTypeFromBuffer(): typeof FileTypeFromBuffer {
  if (!sniffer) {
    const file = path.join(REPO_ROOT, '.vendor/file-type.cjs');
    try {
      sniffer = (require(file) as { fileTypeFromBuffer: typeof FileTypeFromBuffer }).fileTypeFromBuffer;
    } catch (e) {
      throw new Error(`${file} is missing: run \`npm run build:web\` (${(e as Error).message})`);
    }
  }
  return sniffer;
}

/** BIANMIN_FILES_DIR, or files/ in the data folder. */
export function defaultFilesDir(): string {
  return process.env.BIANMIN_FILES_DIR || path.join(process.env.BIANMIN_DATA_DIR || path.resolve('data'), 'files');
}

/** The media type the bytes are, when it is one we keep; null otherwise. */
export async function sniff(bytes: Buffer): Promise<string | null> {
  const t = await fileTypeFromBuffer()(bytes);
  return t && ALLOWED_TYPES.has(t.mime) ? t.mime : null;
}

/** A display name: the last path part, no control characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return name || 'upload';
}

const pathOf = (dir: string, f: { cityId: string; id: string }) => path.join(dir, f.cityId, f.id);

/** Writes the bytes, then their row; a failed row leaves no file behind. */
export async function storeFile(db: Database, dir: string, viewer: Viewer, bytes: Buffer, mediaType: string, fileName: string): Promise<FileRow> {
  const id = crypto.randomUUID();
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const target = pathOf(dir, { cityId: viewer.cityId, id });
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await fs.writeFile(target, bytes, { mode: 0o600, flag: 'wx' });
  try {
    return await insertFile(db.prisma, { cityId: viewer.cityId, id, uploaderId: viewer.accountId, fileName, mediaType, sizeBytes: bytes.length, sha256 });
  } catch (e) {
    await fs.rm(target, { force: true });
    throw e;
  }
}

/**
 * Who may download: the uploader; for a file attached to an application, whoever may read that
 * application (admins, officers and assistants of the shop's district); an unattached file, admins.
 * For anyone else the file does not exist.
 */
export async function readableFile(db: Database, dir: string, viewer: Viewer, id: string): Promise<{ row: FileRow; bytes: Buffer } | null> {
  const row = await fileById(db.prisma, viewer.cityId, id);
  if (!row) return null;
  if (row.uploaderId !== viewer.accountId) {
    const application = row.applicationId ? await applicationById(db.prisma, viewer.cityId, row.applicationId) : null;
    const allowed = viewer.role === 'VENDOR' ? false : application ? signsPolicy.mayRead(viewer, application) : viewer.role === 'ADMIN';
    if (!allowed) return null;
  }
  try {
    return { row, bytes: await fs.readFile(pathOf(dir, row)) };
  } catch (e) {
    // Recorded but not on disk (a restore without the files folder, a wrong BIANMIN_FILES_DIR).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingFileError(row.id);
    throw e;
  }
}

/** The database records a file whose bytes are not in the files folder. */
export class MissingFileError extends Error {
  constructor(readonly fileId: string) {
    super(`file ${fileId} is recorded but missing from the files folder`);
  }
}
