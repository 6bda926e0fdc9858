// Sign design guides (店招设置指导图集) as data: a version per street section, in force from its date; and
// which guide a shop's location answers to — the section whose area holds it, else the nearest line
// section within its reach. A shop no guide reaches is told which streets nearby have one.
import type { PrismaClient } from '@prisma/client';
import type { Db } from '../../db/database';
import { badInput } from '../../graphql/errors';
import { parseAreaGeometry, parseFeatureGeometry, parsePoint, type Crs } from '../../geo/input';
import { isValidIsoDate, localDate } from '../../schedule/schedule.time';
import { recordAudit } from '../audit/audit.service';
import type { Writer } from '../allocation/allocation.common';
import { checkSigns, type ComplianceResult } from './compliance';
import { cleanText, parseFacade, parseRules, parseSigns, type SignRuleInput, type SignSpecInput } from './signs.input';
import * as sql from './guides.sql';

/** How far around a shop the refusal looks for streets with guides, in metres. */
export const NEARBY_M = 1000;

export interface GuideInput {
  streetName: string;
  geometry: unknown;
  crs?: Crs | null;
  effectiveFrom: string;
  maxDistanceM?: number | null;
  illustrationUrl?: string | null;
  guidance?: string | null;
  rules: readonly SignRuleInput[];
}

function parseSection(value: unknown, crs: Crs): unknown {
  const type = (value as { type?: unknown } | null)?.type;
  if (type === 'LineString') return parseFeatureGeometry(value, crs, 'geometry');
  return parseAreaGeometry(value, crs, 'geometry');
}

export async function cityToday(db: Db, cityId: string, now: Date): Promise<string> {
  const city = await db.city.findUniqueOrThrow({ where: { id: cityId }, select: { timeZone: true } });
  return localDate(now.getTime(), city.timeZone);
}

/** A new version of a street's guide (the first one creates the street section). */
export async function setSignGuide(prisma: PrismaClient, w: Writer, input: GuideInput): Promise<sql.GuideRow> {
  const streetName = cleanText(input.streetName, 'streetName', 100, true)!;
  const geojson = JSON.stringify(parseSection(input.geometry, input.crs ?? 'WGS84'));
  if (!isValidIsoDate(input.effectiveFrom)) throw badInput('effectiveFrom 须为 YYYY-MM-DD / effectiveFrom must be YYYY-MM-DD', { field: 'effectiveFrom' });
  const reach = input.maxDistanceM ?? 30;
  if (!(Number.isFinite(reach) && reach > 0 && reach <= 500)) throw badInput('maxDistanceM 须在 0–500 米之间 / maxDistanceM: 0–500 m', { field: 'maxDistanceM' });
  const url = cleanText(input.illustrationUrl, 'illustrationUrl', 500);
  if (url && !/^https?:\/\/\S+$/i.test(url)) throw badInput('illustrationUrl 须为 http(s) 链接 / illustrationUrl must be an http(s) link', { field: 'illustrationUrl' });
  const guidance = cleanText(input.guidance, 'guidance', 2000);
  if (input.rules.length < 1) throw badInput('至少需要一条招牌规则 / give at least one sign rule', { field: 'rules' });
  const rules = parseRules(input.rules);
  const cityId = w.viewer.cityId;
  return prisma.$transaction(async (tx) => {
    const check = await sql.checkGuideGeometry(tx, cityId, geojson);
    if (!check.valid) throw badInput(`几何无效 / invalid geometry: ${check.reason}`, { field: 'geometry', reason: 'INVALID_GEOMETRY' });
    if (!check.inside) throw badInput('街段超出本市辖区 / the street section lies outside the city', { field: 'geometry', reason: 'OUTSIDE_CITY' });
    const version = await sql.nextGuideVersion(tx, cityId, streetName);
    const guide = await sql.insertGuide(tx, {
      cityId, streetName, version, effectiveFrom: input.effectiveFrom, geojson, maxDistanceM: reach, illustrationUrl: url, guidance, rules,
      createdBy: w.viewer.accountId,
    });
    await recordAudit(tx, w, { cityId, operation: 'setSignGuide', entityType: 'SignGuide', entityId: guide.id, after: { ...guide, geometry: undefined } });
    return guide;
  });
}

/** The guide a location answers to, or a typed refusal naming the streets nearby that have guides. */
export async function selectGuide(db: Db, cityId: string, today: string, lonLat: [number, number]): Promise<sql.NearGuide> {
  const near = await sql.guidesNear(db, cityId, today, lonLat, NEARBY_M);
  const hit = near.find((g) => g.covers) ?? near.find((g) => g.distanceM <= g.maxDistanceM);
  if (hit) return hit;
  const nearby = near.map((g) => ({ streetName: g.streetName, distanceM: Math.round(g.distanceM) }));
  const zh = nearby.length ? `附近有导则的街道：${nearby.map((n) => `${n.streetName}（${n.distanceM} 米）`).join('、')}` : `${NEARBY_M} 米内没有设有导则的街道`;
  const en = nearby.length ? `streets nearby with guides: ${nearby.map((n) => `${n.streetName} (${n.distanceM} m)`).join(', ')}` : `no street within ${NEARBY_M} m has a guide`;
  throw badInput(`该位置不在任何街道招牌设置导则的范围内；${zh} / no street's sign guide applies at this location; ${en}`, {
    field: 'location', reason: 'NO_GUIDE_HERE', nearbyStreets: nearby,
  });
}

export interface CheckInput {
  location: unknown;
  crs?: Crs | null;
  facade: { widthM: number; heightM: number };
  signs: readonly SignSpecInput[];
}

export type CheckAnswer = ComplianceResult & { guide: sql.GuideRow; distanceM: number };

/** The public check: creates nothing; the point chooses the city, the city's date the guide version. */
export async function signComplianceCheck(db: Db, input: CheckInput, now: Date): Promise<CheckAnswer> {
  const point = parsePoint(input.location, input.crs ?? 'WGS84', 'location').coordinates;
  const facade = parseFacade(input.facade);
  const signs = parseSigns(input.signs);
  const place = await sql.placeOfPoint(db, point, null);
  if (!place) throw badInput('该位置不在任何城市辖区内 / the location lies in no city\'s districts', { field: 'location', reason: 'OUTSIDE_CITY' });
  const guide = await selectGuide(db, place.cityId, localDate(now.getTime(), place.timeZone), point);
  return { ...checkSigns(guide.rules, facade, signs), guide, distanceM: Math.round(guide.distanceM * 10) / 10 };
}

/** Guides in force in a city (by its code), or near a point; anyone may read them. */
export async function publicGuides(db: Db, cityCode: string, now: Date): Promise<sql.GuideRow[]> {
  const city = await db.city.findUnique({ where: { code: cityCode.trim() } });
  if (!city) return [];
  return sql.guidesInForce(db, city.id, localDate(now.getTime(), city.timeZone));
}
