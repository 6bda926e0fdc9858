// Fixtures for the sign-permit tests: a test city with two street guides (an area in district West and a
// line in district East), accounts of every kind, a shop owner signed in as by phone code, and a
// snapshot of every sign table for "a refused call changes nothing".
import type { Role } from '@prisma/client';
import type { TestApp } from './app';
import { login } from './app';
import { createAccount, createCity, PASSWORD, type TestCity } from './factories';
import { staffTokens } from './staff';
import type { Database } from '../../src/db/database';

/** An area guide in West (118.32–118.33 × 35.02–35.021) and a line guide in East along 35.03. */
export const AREA_GUIDE = {
  streetName: '测试特色街', effectiveFrom: '2020-01-01', maxDistanceM: 20,
  geometry: { type: 'Polygon', coordinates: [[[118.32, 35.02], [118.33, 35.02], [118.33, 35.021], [118.32, 35.021], [118.32, 35.02]]] },
  rules: [
    { signType: 'FASCIA', allowed: true, maxWidthShare: 0.8, maxHeightM: 1.2, maxAreaM2: 6, lighting: ['NONE', 'EXTERNAL'], guidance: '木质门头 / wooden fascia' },
    { signType: 'PROJECTING', allowed: true, maxHeightM: 0.8, maxAreaM2: 0.5, minClearanceM: 2.5, maxProjectionM: 0.6, lighting: ['NONE'] },
    { signType: 'ROOFTOP', allowed: false },
  ],
};
export const LINE_GUIDE = {
  streetName: '测试大道', effectiveFrom: '2020-01-01', maxDistanceM: 30,
  geometry: { type: 'LineString', coordinates: [[118.36, 35.03], [118.37, 35.03]] },
  rules: [{ signType: 'FASCIA', allowed: true, maxWidthShare: 0.9, maxHeightM: 2, lighting: ['NONE', 'BACKLIT'] }],
};
/** Inside the area guide (West) and 10 m north of the line guide (East). */
export const IN_AREA: [number, number] = [118.325, 35.0205];
export const NEAR_LINE: [number, number] = [118.365, 35.03009];
/** 2 km from every guide, in West. */
export const FAR: [number, number] = [118.31, 35.045];

export const SIGN_APP_FIELDS = `id status shopName address location contactName contactPhone permitNumber validFrom validUntil reason version
  district { name } guide { streetName version } signs { type widthM heightM areaM2 lighting }
  compliance { compliant streetName guideVersion results { signIndex rule value limit passed message } } attachments { id sha256 } notes { text }`;

export type SignWho = 'anonymous' | 'admin' | 'officerHere' | 'officerElsewhere' | 'officerBoth' | 'assistant' | 'zoneManager' | 'vendor';

export interface SignWorld {
  city: TestCity;
  tokens: Map<SignWho, string | null>;
  /** A second shop owner, to show one owner cannot touch another's application */
  otherVendor: string;
}

/** The city, both guides (set by the admin through the API), and a token for every kind of caller. */
export async function signWorld(app: TestApp): Promise<SignWorld> {
  const city = await createCity(app.db);
  const tokens = new Map<SignWho, string | null>([['anonymous', null]]);
  const make = async (who: SignWho, role: Role, opts: Parameters<typeof createAccount>[3] = {}) =>
    tokens.set(who, await login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD));
  for (const [who, token] of await staffTokens(app, city)) tokens.set(who, token);
  // A zone manager has no part in signs; without a zone of its own it is the same caller for them.
  await make('zoneManager', 'ZONE_MANAGER');
  tokens.set('vendor', await vendorToken(app, city));
  const otherVendor = await vendorToken(app, city);
  for (const g of [AREA_GUIDE, LINE_GUIDE]) {
    const r = await app.gql('mutation($i: SignGuideInput!) { setSignGuide(input: $i) { id } }', { i: g }, tokens.get('admin'));
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  return { city, tokens, otherVendor };
}

let seq = 0;

/** A VENDOR account (a shop owner) with a session, as the first sign-in by code would leave it. */
export async function vendorToken(app: TestApp, city: TestCity): Promise<string> {
  const account = await createAccount(app.db, city, 'VENDOR', { username: `shop-${city.code.toLowerCase()}-${++seq}` });
  return (await app.auth.issueSession(account, new Date())).token;
}

export function shopInput(point: [number, number], over: Record<string, unknown> = {}) {
  return {
    shopName: '测试小店', address: '测试路 1 号', location: { type: 'Point', coordinates: point }, facade: { widthM: 6.5, heightM: 4 },
    contactName: '测试联系人', contactPhone: '13912345678', signs: [{ type: 'FASCIA', widthM: 5.2, heightM: 1, lighting: 'NONE' }], ...over,
  };
}

/** Every sign table's rows and the audit count: what a refused call must leave as it was. */
export async function signTables(db: Database) {
  const [h] = await db.prisma.$queryRaw<{ h: string }[]>`SELECT md5(concat_ws('|',
    (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM sign_application x),
    (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM sign_guide x),
    (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM sign_note x),
    (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM sign_file x))) AS h`;
  return { signs: h.h, audit: await db.prisma.auditLog.count() };
}
