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

/** Operation → who may call it. "(straddling)": on a zone that crosses a district boundary. */
export const MATRIX: Record<string, Who[]> = {
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

/** The matrix as a Markdown table (✓ allowed, – refused). */
export function matrixMarkdown(): string {
  const head = `| operation | ${WHO.map((w) => WHO_LABEL[w]).join(' | ')} |`;
  const rule = `| --- | ${WHO.map(() => ':-:').join(' | ')} |`;
  const rows = Object.entries(MATRIX).map(([op, allowed]) => `| \`${op}\` | ${WHO.map((w) => (allowed.includes(w) ? '✓' : '–')).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}
