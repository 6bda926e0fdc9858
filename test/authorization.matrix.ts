// Who may call what: the authorization matrix as data. The authorization tests check every entry
// against the running service, and `npm run -s role-matrix` prints it as the README's table, so the
// README states exactly what the tests prove.
export type Who =
  | 'anonymous' | 'admin' | 'officerHere' | 'officerElsewhere' | 'officerBoth' | 'assistant' | 'zoneManager' | 'vendor';

export const WHO: Who[] = ['anonymous', 'admin', 'officerHere', 'officerElsewhere', 'officerBoth', 'assistant', 'zoneManager', 'vendor'];

export const WHO_LABEL: Record<Who, string> = {
  anonymous: 'public',
  admin: 'ADMIN',
  officerHere: 'OFFICER (holds the zone\'s district)',
  officerElsewhere: 'OFFICER (another district)',
  officerBoth: 'OFFICER (holds every district the zone touches)',
  assistant: 'ASSISTANT',
  zoneManager: 'ZONE_MANAGER',
  vendor: 'VENDOR',
};

const OFFICERS_HERE: Who[] = ['admin', 'officerHere', 'officerBoth'];
const ADMIN: Who[] = ['admin'];
const SIGNED_IN: Who[] = ['admin', 'officerHere', 'officerElsewhere', 'officerBoth', 'assistant', 'zoneManager', 'vendor'];
/** A zone mostly in one district and partly in another: only those holding both may change it. */
const STRADDLING: Who[] = ['admin', 'officerBoth'];

/** Zones, rules, accounts: operation → who may call it. "(straddling)": on a zone that crosses a district boundary. */
export const ZONE_MATRIX: Record<string, Who[]> = {
  createZone: OFFICERS_HERE,
  updateZone: OFFICERS_HERE,
  'updateZone (straddling)': STRADDLING,
  retireZone: OFFICERS_HERE,
  'retireZone (straddling)': STRADDLING,
  setZoneRule: OFFICERS_HERE,
  'setZoneRule (straddling)': STRADDLING,
  addZoneException: OFFICERS_HERE,
  'addZoneException (straddling)': STRADDLING,
  removeZoneException: OFFICERS_HERE,
  'removeZoneException (straddling)': STRADDLING,
  createDistanceRule: OFFICERS_HERE,
  retireDistanceRule: OFFICERS_HERE,
  createAccount: ADMIN,
  setAccountActive: ADMIN,
  createApiToken: SIGNED_IN,
  changePassword: SIGNED_IN,
  resetPassword: ADMIN,
  createBusinessType: ADMIN,
  updateBusinessType: ADMIN,
  setHolidayDay: ADMIN,
  removeHolidayDay: ADMIN,
  'auditLog (query)': ADMIN,
};

/** Spot work and application review: officers of the zone's districts and the zone's own manager. */
const ZONE_KEEPERS: Who[] = ['admin', 'officerHere', 'officerBoth', 'zoneManager'];
/** Vendors are the city's: any officer registers them and verifies their priority categories. */
const ANY_OFFICER: Who[] = ['admin', 'officerHere', 'officerElsewhere', 'officerBoth'];
const VENDOR: Who[] = ['vendor'];

/** Spots, vendors, applications, assignments, allocation rounds, check-in (on the zone manager's zone). */
export const STALL_MATRIX: Record<string, Who[]> = {
  createSpot: ZONE_KEEPERS,
  createSpotsAlongLine: ZONE_KEEPERS,
  createSpotsGrid: ZONE_KEEPERS,
  updateSpot: ZONE_KEEPERS,
  setSpotStatus: ZONE_KEEPERS,
  registerVendor: ANY_OFFICER,
  verifyVendorPriority: ANY_OFFICER,
  removeVendorPriority: ANY_OFFICER,
  updateMyVendorProfile: VENDOR,
  applyForSpot: VENDOR,
  withdrawApplication: VENDOR,
  resubmitApplication: VENDOR,
  approveApplication: ZONE_KEEPERS,
  rejectApplication: ZONE_KEEPERS,
  returnApplication: ZONE_KEEPERS,
  renewAssignment: ZONE_KEEPERS,
  suspendAssignment: ZONE_KEEPERS,
  reinstateAssignment: ZONE_KEEPERS,
  revokeAssignment: ZONE_KEEPERS,
  openAllocationRound: OFFICERS_HERE,
  drawAllocationRound: OFFICERS_HERE,
  checkIn: VENDOR,
  checkOut: VENDOR,
};

/** The published map: publishing speaks for the bureau, so administrators only; staff read the version list. */
export const PUBLICATION_MATRIX: Record<string, Who[]> = {
  publishMap: ADMIN,
  republishVersion: ADMIN,
  'previewPublication (query)': ADMIN,
  'publications (query)': ['admin', 'officerHere', 'officerElsewhere', 'officerBoth', 'assistant'],
};

/**
 * Shop-sign permits, on a shop in district West ("the zone's district" reads "the shop's district"): shop
 * owners (phone sign-in, VENDOR) write their own applications; officers of the shop's district and admins
 * decide; assistants there record notes only; design guides are the admins'.
 */
const SIGN_REVIEWERS: Who[] = ['admin', 'officerHere', 'officerBoth'];
export const SIGN_MATRIX: Record<string, Who[]> = {
  setSignGuide: ADMIN,
  createSignApplication: VENDOR,
  updateSignApplication: VENDOR,
  submitSignApplication: VENDOR,
  startSignReview: SIGN_REVIEWERS,
  returnSignApplication: SIGN_REVIEWERS,
  approveSignApplication: SIGN_REVIEWERS,
  rejectSignApplication: SIGN_REVIEWERS,
  renewSignPermit: SIGN_REVIEWERS,
  revokeSignPermit: SIGN_REVIEWERS,
  addSignApplicationNote: [...SIGN_REVIEWERS, 'assistant'],
};

export const MATRIX: Record<string, Who[]> = { ...ZONE_MATRIX, ...STALL_MATRIX, ...PUBLICATION_MATRIX, ...SIGN_MATRIX };

/** The matrix as a Markdown table (✓ allowed, – refused). */
export function matrixMarkdown(): string {
  const head = `| operation | ${WHO.map((w) => WHO_LABEL[w]).join(' | ')} |`;
  const rule = `| --- | ${WHO.map(() => ':-:').join(' | ')} |`;
  const rows = Object.entries(MATRIX).map(([op, allowed]) => `| \`${op}\` | ${WHO.map((w) => (allowed.includes(w) ? '✓' : '–')).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}
