// The row shape the GraphQL type VendorProfile is resolved from (a codegen mapper), shared with the
// allocation module, and the two pure rules other modules need: the priority tier of a vendor and a
// name masked for public draw results. Personal data stays encrypted in the row; the VendorProfile
// resolvers decrypt and mask it for the viewer (see vendors.resolvers.ts).
import type { PriorityCategory } from '@prisma/client';

export interface VendorPriorityRow {
  category: PriorityCategory;
  evidenceRef: string;
  verifiedBy: string;
  verifiedByUsername: string;
  verifiedAt: Date;
}

export interface VendorRow {
  cityId: string;
  accountId: string;
  name: string;
  phoneEnc: string;
  idNumberEnc: string | null;
  businessTypes: string[];
  priorities: VendorPriorityRow[];
  createdAt: Date;
}

/** Tier 0 is served first. A vendor's tier is the best (lowest) of their verified categories. */
export const PRIORITY_TIER: Record<PriorityCategory, number> = {
  LOW_INCOME: 0, DISABLED: 0, VETERAN: 1, LOCAL_FARMER: 2, UNEMPLOYED: 2, ELDERLY: 3,
};
/** The tier of a vendor without a verified category. */
export const NO_PRIORITY_TIER = 9;

export function priorityTier(categories: readonly PriorityCategory[]): number {
  return categories.reduce((best, c) => Math.min(best, PRIORITY_TIER[c]), NO_PRIORITY_TIER);
}

/** 张三丰 → 张**; a name of one character stays as it is (it identifies no one more than the number). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}
