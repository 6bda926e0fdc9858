// Shapes the publication domain hands to GraphQL and to the map endpoints.
import type { ZoneKind } from '@prisma/client';
import type { OpenInterval, PublicBusinessType, WeeklySchedule } from '../../generated/graphql';

export interface PublicationRow {
  cityId: string;
  version: number;
  publishedAt: Date;
  note: string | null;
  republishedFrom: number | null;
  zoneCount: number;
  spotCount: number;
  featureCount: number;
  signCount: number;
  bounds: number[] | null;
}

export interface PublishedMapModel {
  cityId: string;
  city: string;
  cityName: string;
  cityNameEn: string;
  center: number[];
  zoom: number;
  current: PublicationRow;
}

export interface MapZoneModel {
  cityId: string;
  id: string;
  name: string;
  kind: ZoneKind;
  district: string;
  geometry: unknown;
  areaM2: number;
  weeklySchedule: WeeklySchedule | null;
  scheduleFrom: string | null;
  allowedBusinessTypes: PublicBusinessType[] | null;
  capacity: number | null;
  spots: number;
  open: boolean;
  distanceM: number | null;
  /** The next open intervals (at most PUBLIC_OPENINGS_MAX), read with the search. */
  openings: OpenInterval[];
}

export interface MapZoneSearchModel {
  version: number;
  at: Date;
  totalCount: number;
  zones: MapZoneModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export type LayerName = 'zones' | 'spots' | 'features' | 'signs';
export const LAYERS: readonly LayerName[] = ['zones', 'spots', 'features', 'signs'];
