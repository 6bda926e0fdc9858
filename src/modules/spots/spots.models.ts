// The row shapes of spots the GraphQL types Spot, PublicSpot and OpenSpot are resolved from (codegen
// mappers), shared with the allocation module.
import type { SpotStatus } from '@prisma/client';

export interface SpotRow {
  cityId: string;
  id: string;
  zoneId: string;
  number: number;
  /** GeoJSON as drawn (Point or Polygon), WGS84 */
  geometry: unknown;
  /** GeoJSON Polygon, WGS84 */
  footprint: unknown;
  widthM: number;
  depthM: number;
  bearingDeg: number;
  businessType: string | null;
  status: SpotStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface OpenSpotModel {
  spot: SpotRow;
  zoneId: string;
  cityId: string;
  /** The instant the question was asked about; the zone's hours and openings are given from it. */
  at: Date;
  distanceM: number;
}

export interface SpotDraftModel {
  id: string | null;
  number: number;
  geometry: unknown;
  footprint: unknown;
}

/** A bulk creation's answer: with dryRun, the drafts of a rolled-back run (ids null). */
export interface SpotBatchModel {
  dryRun: boolean;
  count: number;
  spots: SpotDraftModel[];
}
