// Spots in bulk: along a drawn kerb line ("12 spots, 3 m apart, 2 × 1.5 m") or as a grid filling a
// zone. All or nothing: every spot is inserted in one transaction and the first refusal (named by its
// spot number) undoes them all. A dry run is the very same transaction rolled back at its end, so the
// preview is what a real run would write, footprints drawn by the database's trigger included.
import type { PrismaClient } from '@prisma/client';
import type { Db } from '../../db/database';
import { badInput } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import type { Crs } from '../../geo/input';
import { recordAudit } from '../audit/audit.service';
import type { ZoneRow } from '../zones/zones.sql';
import { gridCentres, gridFrame, placeAlongLine } from './spots.bulk.sql';
import { spotWriteError } from './spots.errors';
import { parseKerbLine } from './spots.geometry';
import type { SpotBatchModel, SpotRow } from './spots.models';
import { assertBusinessType, assertSize, spotRules } from './spots.rules';
import * as sql from './spots.sql';
import { assertNoVendingClear, batchNumbers, cleanType, writableZone, type Writer } from './spots.write';

interface BatchCommon { zoneId: string; widthM: number; depthM: number; gapM: number; firstNumber?: number | null; businessType?: string | null }
export interface AlongLineInput extends BatchCommon { line: unknown; crs?: Crs | null; count: number; offsetM?: number | null }
export interface GridInput extends BatchCommon { bearingDeg?: number | null; maxCount?: number | null }

/** The most grid cells looked at: a zone much larger than its stalls is drawn in parts, or with larger stalls. */
export const MAX_GRID_CELLS = 20_000;

/** Thrown at the end of a dry run to roll its transaction back, carrying what it would have written. */
class DryRunRollback extends Error {
  constructor(readonly rows: SpotRow[]) {
    super('dry run: rolled back');
  }
}

type Place = (tx: Db, zone: ZoneRow) => Promise<{ lon: number; lat: number; bearingDeg: number }[]>;

async function runBatch(prisma: PrismaClient, w: Writer, operation: string, input: BatchCommon, dryRun: boolean, place: Place): Promise<SpotBatchModel> {
  const zoneId = parseId(input.zoneId, 'zoneId');
  const businessType = cleanType(input.businessType) ?? null;
  const cityId = w.viewer.cityId;
  try {
    const rows = await prisma.$transaction(async (tx) => {
      const zone = await writableZone(tx, w, zoneId);
      const rules = await spotRules(tx, zone);
      assertBusinessType(rules, businessType);
      assertSize(rules, input.widthM * input.depthM);
      if (input.gapM + 1e-9 < zone.minSpotSpacingM) {
        throw badInput(`间隔 ${input.gapM} 米小于「${zone.name}」的最小间距 ${zone.minSpotSpacingM} 米 / a gap of ${input.gapM} m is less than the ${zone.minSpotSpacingM} m ${zone.name} keeps between spots`, {
          field: 'gapM', reason: 'SPOT_TOO_CLOSE', minSpacingM: zone.minSpotSpacingM,
        });
      }
      const points = await place(tx, zone);
      await sql.lockZoneSpots(tx, cityId, zoneId);
      const numbers = await batchNumbers(tx, zone, points.length, input.firstNumber);
      const inserted = await sql.insertSpotPoints(tx, {
        cityId, zoneId, widthM: input.widthM, depthM: input.depthM, businessType,
        points: points.map((p, i) => ({ ...p, number: numbers[i] })),
      }).catch((e: unknown) => { throw spotWriteError(e); });
      await assertNoVendingClear(tx, cityId, inserted);
      await recordAudit(tx, w, {
        cityId, operation, entityType: 'Zone', entityId: zoneId, after: { count: inserted.length, spots: inserted.map((r) => ({ id: r.id, number: r.number })) },
      });
      if (dryRun) throw new DryRunRollback(inserted);
      return inserted;
    }, { timeout: 120_000, maxWait: 20_000 });
    return { dryRun: false, count: rows.length, spots: rows.map((r) => ({ id: r.id, number: r.number, geometry: r.geometry, footprint: r.footprint })) };
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
    return { dryRun: true, count: e.rows.length, spots: e.rows.map((r) => ({ id: null, number: r.number, geometry: r.geometry, footprint: r.footprint })) };
  }
}

export function createSpotsAlongLine(prisma: PrismaClient, w: Writer, input: AlongLineInput, dryRun: boolean): Promise<SpotBatchModel> {
  const line = parseKerbLine(input.line, input.crs ?? 'WGS84');
  const p = { geojson: JSON.stringify(line), count: input.count, widthM: input.widthM, gapM: input.gapM, offsetM: input.offsetM ?? 0 };
  return runBatch(prisma, w, 'createSpotsAlongLine', input, dryRun, async (tx) => {
    const placed = await placeAlongLine(tx, p);
    const needM = p.count * p.widthM + (p.count - 1) * p.gapM;
    const lengthM = placed[0]?.lineLengthM ?? 0;
    if (needM > lengthM + 1e-6) {
      const [need, have] = [Math.round(needM * 100) / 100, Math.round(lengthM * 100) / 100];
      throw badInput(`${p.count} 个摊位需要 ${need} 米，线长只有 ${have} 米 / ${p.count} spots need ${need} m of line, the line is ${have} m long`, {
        field: 'line', reason: 'LINE_TOO_SHORT', neededM: need, lineLengthM: have,
      });
    }
    // A bearing computed as 360 − ε rounds to 360 in floating point, which the column refuses.
    return placed.map((x) => ({ lon: x.lon, lat: x.lat, bearingDeg: x.bearingDeg >= 360 ? 0 : x.bearingDeg }));
  });
}

export function createSpotsGrid(prisma: PrismaClient, w: Writer, input: GridInput, dryRun: boolean): Promise<SpotBatchModel> {
  const bearingDeg = input.bearingDeg ?? 0;
  const maxCount = input.maxCount ?? 100;
  return runBatch(prisma, w, 'createSpotsGrid', input, dryRun, async (tx, zone) => {
    const frame = await gridFrame(tx, zone.cityId, zone.id, bearingDeg);
    const columns = Math.max(0, Math.floor((frame.u1 - frame.u0 - input.widthM) / (input.widthM + input.gapM)) + 1);
    const rows = Math.max(0, Math.floor((frame.v1 - frame.v0 - input.depthM) / (input.depthM + input.gapM)) + 1);
    if (rows * columns > MAX_GRID_CELLS) {
      throw badInput(`网格需要 ${rows * columns} 格（上限 ${MAX_GRID_CELLS}）：请放大摊位、沿街道方向设置 bearingDeg 或分区绘制 / the grid would need ${rows * columns} cells (at most ${MAX_GRID_CELLS}): use larger spots, a bearingDeg along the street, or draw it in parts`, {
        reason: 'GRID_TOO_LARGE', cells: rows * columns,
      });
    }
    const centres = rows * columns > 0
      ? await gridCentres(tx, zone.cityId, zone.id, { frame, rows, columns, widthM: input.widthM, depthM: input.depthM, gapM: input.gapM, bearingDeg, maxCount })
      : [];
    if (centres.length === 0) {
      throw badInput(`「${zone.name}」内放不下 ${input.widthM} × ${input.depthM} 米的摊位 / no ${input.widthM} × ${input.depthM} m spot fits in the free ground of ${zone.name}`, { reason: 'GRID_EMPTY' });
    }
    return centres.map((c) => ({ ...c, bearingDeg }));
  });
}
