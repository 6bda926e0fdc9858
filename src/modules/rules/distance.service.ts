// Distance rules: a no-vending buffer around a point or line feature, always or only at times (a
// school gate on school days 07:00–08:30 and 16:30–18:00).
import type { PrismaClient } from '@prisma/client';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { parseFeatureGeometry, type Crs } from '../../geo/input';
import { recordAudit, type Actor } from '../audit/audit.service';
import { checkGeometry } from '../zones/zones.sql';
import { rulesPolicy } from './rules.policy';
import { toStoredSchedule } from './rules.service';
import * as sql from './rules.sql';
import type { HolidayPolicy, WeeklyWindow } from '../../schedule/schedule.types';

type Writer = Actor & { viewer: Viewer };

export interface DistanceRuleInput {
  name: string;
  featureKind: string;
  geometry: unknown;
  crs?: Crs | null;
  bufferM: number;
  windows?: { day: number; start: string; end: string }[] | null;
  holidayPolicy?: HolidayPolicy | null;
}

export async function createDistanceRule(prisma: PrismaClient, w: Writer, input: DistanceRuleInput) {
  const cityId = w.viewer.cityId;
  const name = input.name.trim();
  if (!name || name.length > 100) throw badInput('名称须为 1–100 个字符 / name: 1–100 characters');
  if (!(input.bufferM > 0 && input.bufferM <= 5000)) throw badInput('缓冲距离须在 0–5000 米 / bufferM must be in (0, 5000] metres');
  const geojson = JSON.stringify(parseFeatureGeometry(input.geometry, input.crs ?? 'WGS84'));
  const city = await prisma.city.findUniqueOrThrow({ where: { id: cityId } });
  const schedule = input.windows
    ? toStoredSchedule({ windows: input.windows as WeeklyWindow[], holidayPolicy: input.holidayPolicy ?? 'CLOSED' }, city.timeZone)
    : null;
  return prisma.$transaction(async (tx) => {
    const place = await checkGeometry(tx, cityId, geojson);
    if (!place.valid) throw badInput(`几何无效 / invalid geometry: ${place.reason}`);
    if (!place.insideCity || place.districtIds.length === 0) throw badInput('要素超出本市辖区 / the feature lies outside the city\'s districts');
    rulesPolicy.assertDistricts(w.viewer, place.districtIds);
    const row = await sql.insertDistanceRule(tx, { cityId, name, featureKind: input.featureKind, geojson, bufferM: input.bufferM, schedule });
    await recordAudit(tx, w, { cityId, operation: 'createDistanceRule', entityType: 'DistanceRule', entityId: row.id, after: row });
    return row;
  });
}

export async function retireDistanceRule(prisma: PrismaClient, w: Writer, rawId: string) {
  const id = parseId(rawId);
  const cityId = w.viewer.cityId;
  return prisma.$transaction(async (tx) => {
    const before = (await sql.distanceRules(tx, cityId)).find((r) => r.id === id);
    if (!before) {
      if (await tx.distanceRule.findUnique({ where: { cityId_id: { cityId, id } } })) throw conflict('距离规则已撤销 / the distance rule is already retired');
      throw notFound('距离规则', 'distance rule', id);
    }
    const place = await checkGeometry(tx, cityId, JSON.stringify(before.geometry));
    rulesPolicy.assertDistricts(w.viewer, place.districtIds);
    const after = await sql.retireDistanceRuleRow(tx, cityId, id);
    await recordAudit(tx, w, { cityId, operation: 'retireDistanceRule', entityType: 'DistanceRule', entityId: id, before, after });
    return after!;
  });
}
