// The demo city (modelled on Linyi 临沂市), written once into an empty database on first start: its
// districts, zones of every kind including no-vending areas, and one account per role. The demo
// password is BIANMIN_DEMO_PASSWORD when set; otherwise one is generated on the first start and kept
// (as a demo convenience, in the server_secret table) so every later start can print it again.
import crypto from 'node:crypto';
import type { Account, Role } from '@prisma/client';
import type { Database } from '../db/database';
import { hashPassword } from '../modules/accounts/auth.service';
import { recordAudit, type Actor } from '../modules/audit/audit.service';
import { seedCityCatalog } from '../modules/rules/catalog.data';
import { insertDistanceRule } from '../modules/rules/rules.sql';
import { insertZone } from '../modules/zones/zones.sql';
import { insertDistrict } from '../modules/cities/cities.sql';
import { DEMO_CITY, DEMO_DISTRICTS, DEMO_FEATURES } from './demo-city.data';
import { DEMO_BUFFERS, DEMO_RULES } from './demo-rules.data';
import { scheduleJson } from '../modules/rules/rules.models';
import { DEMO_ZONES } from './demo-zones.data';
import { seedDemoStalls } from './demo-stalls';
import { seedDemoSigns } from './demo-signs';
import { publishAsSystem } from '../modules/publication/publication.service';

export interface SeedResult {
  cityName: string;
  /** The city's code, as the public map's URLs name it */
  cityCode: string;
  usernames: string[];
  /** The generated password, or null when BIANMIN_DEMO_PASSWORD chose it. */
  password: string | null;
  created: boolean;
}

interface DemoAccount { username: string; displayName: string; role: Role; districts: string[]; zoneKey?: string }

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '市城管局管理员 City admin', role: 'ADMIN', districts: [] },
  { username: 'officer', displayName: '兰山区执法中队 王警官 Officer Wang', role: 'OFFICER', districts: ['371302', '371312'] },
  { username: 'assistant', displayName: '兰山区协管员 李明 Assistant Li', role: 'ASSISTANT', districts: ['371302'] },
  { username: 'zonemanager', displayName: '夜市自治管理 张姐 Zone manager Zhang', role: 'ZONE_MANAGER', districts: [], zoneKey: 'NIGHT_MARKET' },
  { username: 'vendor', displayName: '摊主 赵大姐 Vendor Zhao', role: 'VENDOR', districts: [] },
];

const SYSTEM: Actor = { viewer: null, requestId: 'seed' };

function generatePassword(): string {
  return `bm-${crypto.randomBytes(9).toString('base64url')}`;
}

async function demoPassword(db: Database, fromEnv: string | undefined): Promise<{ password: string; generated: string | null }> {
  if (fromEnv) return { password: fromEnv, generated: null };
  const row = await db.prisma.serverSecret.findUnique({ where: { name: 'demo_password' } });
  if (row) return { password: row.value, generated: row.value };
  const value = generatePassword();
  await db.prisma.serverSecret.create({ data: { name: 'demo_password', value } });
  return { password: value, generated: value };
}

export async function seedDemoCity(
  db: Database,
  opts: { password?: string; bcryptCost: number; log?: (m: string) => void },
): Promise<SeedResult> {
  const usernames = DEMO_ACCOUNTS.map((a) => a.username);
  const existing = await db.prisma.city.findUnique({ where: { code: DEMO_CITY.code } });
  if (existing) {
    const secret = opts.password ? null : await db.prisma.serverSecret.findUnique({ where: { name: 'demo_password' } });
    return { cityName: existing.nameEn ? `${existing.name} ${existing.nameEn}` : existing.name, cityCode: existing.code, usernames, password: secret?.value ?? null, created: false };
  }
  opts.log?.(`seeding the demo city ${DEMO_CITY.name} ${DEMO_CITY.nameEn}`);
  const { password, generated } = await demoPassword(db, opts.password);
  const passwordHash = await hashPassword(password, opts.bcryptCost);
  const zonesByKey = new Map<string, { id: string; kind: string }>();
  const accounts = new Map<string, Account>();
  const city = await db.prisma.$transaction(async (tx) => {
    const city = await tx.city.create({
      data: {
        code: DEMO_CITY.code, name: DEMO_CITY.name, nameEn: DEMO_CITY.nameEn, timeZone: DEMO_CITY.timeZone,
        centerLon: DEMO_CITY.center[0], centerLat: DEMO_CITY.center[1], zoom: DEMO_CITY.zoom,
      },
    });
    const districtIds = new Map<string, string>();
    for (const d of DEMO_DISTRICTS) {
      districtIds.set(d.code, await insertDistrict(tx, city.id, { ...d, geometry: d.boundary }));
    }
    await seedCityCatalog(tx, city.id);
    const zoneIds = new Map<string, string>();
    const ruleStart = new Date('2024-01-01T00:00:00Z'); // the demo rules have been in force since 2024
    for (const z of DEMO_ZONES) {
      const zone = await insertZone(tx, {
        cityId: city.id, districtId: districtIds.get(z.districtCode)!, name: z.name, kind: z.kind, geojson: JSON.stringify(z.geometry),
      });
      zoneIds.set(z.kind, zoneIds.get(z.kind) ?? zone.id);
      zonesByKey.set(z.key, { id: zone.id, kind: z.kind });
      await recordAudit(tx, SYSTEM, { cityId: city.id, operation: 'createZone', entityType: 'Zone', entityId: zone.id, after: zone });
      if (z.kind === 'NO_VENDING') continue;
      const r = DEMO_RULES[z.kind];
      await tx.zoneRule.create({
        data: {
          cityId: city.id, zoneId: zone.id, effectiveFrom: ruleStart, schedule: scheduleJson(r.schedule),
          allowAllBusinessTypes: r.types === null, allowedBusinessTypes: r.types ?? [], capacity: r.capacity,
        },
      });
    }
    for (const f of DEMO_FEATURES) {
      const b = DEMO_BUFFERS[f.kind];
      if (!b) continue;
      await insertDistanceRule(tx, {
        cityId: city.id, name: f.name, featureKind: f.kind, bufferM: b.bufferM, schedule: b.schedule,
        geojson: JSON.stringify({ type: 'Point', coordinates: f.point }),
      });
    }
    for (const a of DEMO_ACCOUNTS) {
      const account = await tx.account.create({
        data: {
          cityId: city.id, username: a.username, displayName: a.displayName, role: a.role, passwordHash,
          zoneId: a.zoneKey ? zoneIds.get(a.zoneKey) : null,
          districts: { create: a.districts.map((code) => ({ districtId: districtIds.get(code)! })) },
        },
      });
      await recordAudit(tx, SYSTEM, { cityId: city.id, operation: 'createAccount', entityType: 'Account', entityId: account.id, after: account });
      accounts.set(a.username, account);
    }
    return city;
  }, { timeout: 120_000 });
  await seedDemoStalls(db, { cityId: city.id, timeZone: city.timeZone, zones: zonesByKey, accounts, log: opts.log ?? (() => undefined) });
  await seedDemoSigns(db, { cityId: city.id, accounts, log: opts.log ?? (() => undefined) });
  // The public map starts with version 1: what the demo city holds at seeding, public attributes only.
  const v1 = await publishAsSystem(db.prisma, city.id, '演示城市首次发布 / first publication of the demo city');
  opts.log?.(`published the demo city's map: version ${v1.version}, ${v1.zoneCount} zones, ${v1.spotCount} spots, ${v1.featureCount} features`);
  return { cityName: `${DEMO_CITY.name} ${DEMO_CITY.nameEn}`, cityCode: DEMO_CITY.code, usernames, password: generated, created: true };
}
