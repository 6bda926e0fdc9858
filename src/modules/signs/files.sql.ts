// Attachments' rows (the bytes are on disk, see files.service.ts): recording an upload, finding one for a
// download, and tying uploads to the application that references them.
import type { Db } from '../../db/database';
import { badInput } from '../../graphql/errors';

export interface FileRow {
  cityId: string;
  id: string;
  uploaderId: string;
  applicationId: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

export function insertFile(db: Db, f: Omit<FileRow, 'applicationId' | 'createdAt'>): Promise<FileRow> {
  return db.signFile.create({ data: f });
}

export function fileById(db: Db, cityId: string, id: string): Promise<FileRow | null> {
  return db.signFile.findUnique({ where: { cityId_id: { cityId, id } } });
}

export function filesOf(db: Db, cityId: string, applicationId: string): Promise<FileRow[]> {
  return db.signFile.findMany({ where: { cityId, applicationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

/**
 * Ties the applicant's own uploads to an application. A file of someone else, or already attached to
 * another application, is refused by id (never found, so ids of others' files reveal nothing).
 */
export async function attachFiles(db: Db, cityId: string, uploaderId: string, applicationId: string, ids: readonly string[]): Promise<void> {
  if (ids.length > 10) throw badInput('最多 10 个附件 / at most 10 attachments', { field: 'attachmentIds' });
  for (const id of new Set(ids)) {
    const f = await fileById(db, cityId, id);
    if (!f || f.uploaderId !== uploaderId || (f.applicationId && f.applicationId !== applicationId)) {
      throw badInput(`附件不存在或不可用：${id} / attachment not found or not yours to attach: ${id}`, { field: 'attachmentIds', reason: 'ATTACHMENT_NOT_FOUND' });
    }
  }
  if (ids.length) await db.signFile.updateMany({ where: { cityId, id: { in: [...ids] } }, data: { applicationId } });
}
