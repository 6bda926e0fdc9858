// Shapes the GraphQL layer maps. An application as the API shows it: its status with EXPIRED computed on
// read (an approved permit whose validity has ended, judged by the city's date), so no hourly job is
// needed for a permit to lapse; and as the audit trail keeps it, without the contact's name or phone.
// Also the compliance check as stored with an application, and a staff note.
import type { SignApplicationStatus } from '@prisma/client';
import { badInput } from '../../graphql/errors';
import type { SignApplicationRecord } from './applications.sql';
import type { ComplianceResult } from './compliance';

export type SignStatus = SignApplicationStatus | 'EXPIRED';
export type SignApplicationView = Omit<SignApplicationRecord, 'status'> & { status: SignStatus; storedStatus: SignApplicationStatus };

export function viewOf(row: SignApplicationRecord, today: string): SignApplicationView {
  const expired = row.status === 'APPROVED' && row.validUntil !== null && row.validUntil < today;
  return { ...row, status: expired ? 'EXPIRED' : row.status, storedStatus: row.status };
}

/** Personal data never enters the audit trail: the contact stays out, the location and signs stay in. */
export function auditView(row: SignApplicationRecord) {
  const { contactName: _n, contactPhoneEnc: _p, ...rest } = row;
  return rest;
}

export const invalidTransition = (from: string, to: string) =>
  badInput(`店招申请当前状态 ${from} 不能变为 ${to} / a sign application in ${from} cannot become ${to}`, { reason: 'INVALID_TRANSITION', from, to });

/** What submission stores in sign_application.compliance: the check and the guide version it used. */
export type StoredCompliance = ComplianceResult & { streetName: string; guideVersion: number };

export interface SignNoteRow {
  text: string;
  createdAt: Date;
}

/** The stored JSON, read back; anything not shaped like a check (never written) reads as none. */
export function storedCompliance(value: unknown): StoredCompliance | null {
  const v = value as Partial<StoredCompliance> | null;
  return v && Array.isArray(v.results) && typeof v.compliant === 'boolean' ? (v as StoredCompliance) : null;
}

/** The download path of an attachment on this service (see files.routes.ts). */
export const fileUrl = (id: string) => `/files/${id}`;
