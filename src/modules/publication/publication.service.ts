// Publishing the city's convenience service map: an admin writes the current live zones, spots and
// distance rules (public attributes only) as a new immutable version in one transaction, previews the
// difference first, and rolls back by republishing an earlier version as a new one.
import type { PrismaClient } from '@prisma/client';
import type { Database, Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { loadRuleContext, upcomingVersion, versionAt, type RuleContext } from '../rules/evaluate';
import { businessTypes } from '../rules/public-zone';
import type { StoredSchedule } from '../rules/rules.models';
import { zonePieces, zoneSignature } from '../openings/openings.compute';
import { ensurePublishedPieces } from '../openings/openings.service';
import { storedRules } from '../openings/openings.stored';
import { weeklySummary } from '../../schedule/schedule';
import * as openingsSql from '../openings/openings.sql';
import { layerDiff } from './diff.sql';
import { LAYERS, type LayerName, type PublicationRow } from './publication.models';
import * as sql from './publication.sql';

type Writer = Actor & { viewer: Viewer };
const LONG = { timeout: 600_000, maxWait: 30_000 };

function cleanNote(note: string | null | undefined): string | null {
  const n = note?.trim() ?? '';
  if (n.length > 500) throw badInput('说明最多 500 字 / note: at most 500 characters', { field: 'note' });
  return n || null;
}

/** The published form of one zone at `at`: hours in words, business types, capacity, and its rules. */
function zoneExtra(ctx: RuleContext, zone: { id: string; kind: string }, at: Date): sql.ZoneExtra {
  const rule = zone.kind === 'NO_VENDING' ? null : (versionAt(ctx, zone.id, at) ?? upcomingVersion(ctx, zone.id, at));
  const signature = zone.kind === 'NO_VENDING' ? null : zoneSignature(ctx, zone.id);
  return {
    zone_id: zone.id,
    schedule: rule ? weeklySummary({ ...rule.schedule, timeZone: ctx.timeZone, closures: [], openings: [] }) : null,
    schedule_from: rule ? rule.effectiveFrom.toISOString().slice(0, 10) : null,
    business_types: rule ? businessTypes(ctx, rule) : [],
    type_codes: rule && !rule.allowAllBusinessTypes ? [...rule.allowedBusinessTypes] : [],
    capacity: rule?.capacity ?? null,
    open_signature: signature,
    rules: signature ? storedRules(ctx, zone.id) : null,
  };
}

/** Open intervals for every signature being published that has none in the table yet. */
async function ensurePieces(tx: Db, cityId: string, ctx: RuleContext, extras: sql.ZoneExtra[]): Promise<void> {
  const bySignature = new Map<string, string>();
  for (const e of extras) if (e.open_signature) bySignature.set(e.open_signature, e.zone_id);
  const present = await openingsSql.signaturesWithPieces(tx, cityId, [...bySignature.keys()]);
  const window = await openingsSql.openWindow(tx, cityId);
  if (!window) return; // no window yet: the first roll of the city computes every signature in use
  for (const [signature, zoneId] of bySignature) {
    if (present.has(signature)) continue;
    await openingsSql.putPieces(tx, cityId, signature, zonePieces(ctx, zoneId, window.validFrom.getTime(), window.validTo.getTime()));
  }
}

/** Writes the live map as version base + 1; the caller's transaction commits or discards it. */
async function writeVersion(tx: Db, cityId: string, by: string | null, note: string | null, expectedBase: number | null | undefined) {
  await sql.lockCity(tx, cityId);
  const base = await sql.currentVersion(tx, cityId);
  if (expectedBase != null && expectedBase !== base) {
    throw conflict(`地图已由他人发布（当前版本 ${base ?? '无'}）/ the map was published by someone else (now version ${base ?? 'none'})`, { currentVersion: base });
  }
  const version = (base ?? 0) + 1;
  const at = new Date();
  const ctx = await loadRuleContext(tx, cityId);
  const extras = (await sql.liveZones(tx, cityId)).map((z) => zoneExtra(ctx, z, at));
  await ensurePieces(tx, cityId, ctx, extras);
  await sql.insertZones(tx, cityId, version, extras);
  await sql.insertSpots(tx, cityId, version);
  const hours = (await sql.liveDistanceRules(tx, cityId)).map((r) => ({
    id: r.id,
    // A buffer's hours are its weekday lines only (see publicFeature in rules/public-zone.ts).
    hours: r.schedule ? weeklySummary({ ...(r.schedule as StoredSchedule), timeZone: ctx.timeZone, closures: [], openings: [] }).days : null,
  }));
  await sql.insertFeatures(tx, cityId, version, hours);
  await sql.insertSigns(tx, cityId, version);
  const row = await sql.insertPublication(tx, { cityId, version, publishedBy: by, note, republishedFrom: null });
  return { base, row };
}

export async function publishMap(prisma: PrismaClient, w: Writer, input: { note?: string | null; expectedBaseVersion?: number | null }): Promise<PublicationRow> {
  const note = cleanNote(input.note);
  return prisma.$transaction(async (tx) => {
    const { row } = await writeVersion(tx, w.viewer.cityId, w.viewer.accountId, note, input.expectedBaseVersion);
    await recordAudit(tx, w, { cityId: row.cityId, operation: 'publishMap', entityType: 'Publication', entityId: String(row.version), after: row });
    return row;
  }, LONG);
}

/** The demo city's first version, and any script's: published by the system itself. */
export async function publishAsSystem(prisma: PrismaClient, cityId: string, note: string): Promise<PublicationRow> {
  return prisma.$transaction(async (tx) => {
    const { row } = await writeVersion(tx, cityId, null, note, undefined);
    await recordAudit(tx, { viewer: null, requestId: 'system' }, { cityId, operation: 'publishMap', entityType: 'Publication', entityId: String(row.version), after: row });
    return row;
  }, LONG);
}

export async function republishVersion(prisma: PrismaClient, w: Writer, version: number, rawNote?: string | null): Promise<PublicationRow> {
  const note = cleanNote(rawNote);
  const cityId = w.viewer.cityId;
  return prisma.$transaction(async (tx) => {
    await sql.lockCity(tx, cityId);
    const base = await sql.currentVersion(tx, cityId);
    if (base === null || version < 1 || version > base) throw notFound('地图版本', 'published version', String(version));
    if (version === base) throw conflict(`版本 ${version} 已是当前版本 / version ${version} is already the current one`);
    await sql.copyVersion(tx, cityId, version, base + 1);
    const row = await sql.insertPublication(tx, { cityId, version: base + 1, publishedBy: w.viewer.accountId, note, republishedFrom: version });
    await ensurePublishedPieces(tx, cityId, base + 1);
    await recordAudit(tx, w, { cityId, operation: 'republishVersion', entityType: 'Publication', entityId: String(row.version), after: row });
    return row;
  }, LONG);
}

/** Thrown to roll the preview's transaction back, carrying its answer out. */
class PreviewDone extends Error {
  constructor(readonly preview: Preview) { super('preview'); }
}

type Change = { id: string; name: string; fields: string[] };
interface Preview { baseVersion: number | null; unchanged: boolean; layers: { layer: Uppercase<LayerName>; added: Change[]; changed: Change[]; removed: Change[] }[] }

/** What publishing now would change: the version is written as publishMap writes it, compared, and rolled back. */
export async function previewPublication(prisma: PrismaClient, viewer: Viewer): Promise<Preview> {
  try {
    await prisma.$transaction(async (tx) => {
      const { base, row } = await writeVersion(tx, viewer.cityId, viewer.accountId, null, undefined);
      const layers = await Promise.all(LAYERS.map(async (layer) => {
        const rows = await layerDiff(tx, viewer.cityId, layer, base, row.version);
        const pick = (c: string) => rows.filter((r) => r.change === c).map(({ id, name, fields }) => ({ id, name, fields }));
        return { layer: layer.toUpperCase() as Uppercase<LayerName>, added: pick('added'), changed: pick('changed'), removed: pick('removed') };
      }));
      const unchanged = layers.every((l) => !l.added.length && !l.changed.length && !l.removed.length);
      throw new PreviewDone({ baseVersion: base, unchanged, layers });
    }, LONG);
  } catch (e) {
    if (e instanceof PreviewDone) return e.preview;
    throw e;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

export function publications(db: Database, viewer: Viewer, first: number | null | undefined): Promise<PublicationRow[]> {
  return sql.publications(db.sql, viewer.cityId, Math.min(Math.max(first ?? 20, 1), 100));
}

