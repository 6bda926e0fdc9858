// The embed's questions to the service, all public (no sign-in): POST /graphql on the page's own origin
// (the iframe is served by the service, so the host site's origin never matters) and the style JSON.
import type { Lang, ZoneKind } from './i18n';

export type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface PublishedMap {
  city: string;
  cityName: string;
  cityNameEn: string;
  center: [number, number];
  zoom: number;
  current: { version: number; zoneCount: number; bounds: number[] | null };
  styleUrl: string;
}

export interface BusinessType { code: string; name: string; nameEn: string }
export interface Occupancy { spots: number; checkedInNow: number; free: number }
export interface Interval { from: string; to: string }

export interface MapZone {
  id: string;
  name: string;
  kind: ZoneKind;
  district: string;
  geometry: Geometry;
  weeklySchedule: { days: { day: number; dayName: string; windows: string[] }[]; season: string; holidays: string } | null;
  scheduleFrom: string | null;
  allowedBusinessTypes: BusinessType[] | null;
  capacity: number | null;
  spots: number;
  open: boolean;
  nextOpenings: Interval[];
  occupancy: Occupancy;
}

export interface ZoneSearch { version: number; at: string; totalCount: number; zones: MapZone[] }

export interface Filters { kinds: ZoneKind[] | null; businessType: string | null; openNow: boolean; at: string | null; text?: string }

const MAP = `query EmbedMap($city: String!) { publishedMap(city: $city) {
  city cityName cityNameEn center zoom current { version zoneCount bounds } styleUrl } }`;

// `first` travels as a variable: the cost limit counts a literal `first` at its face value (200 is over it).
const ZONES = `query EmbedZones($city: String!, $version: Int, $text: String, $kinds: [ZoneKind!], $type: String, $open: Boolean, $at: DateTime, $first: Int, $after: String) {
  mapZones(city: $city, version: $version, text: $text, kinds: $kinds, businessType: $type, openNow: $open, at: $at, first: $first, after: $after) {
    version at totalCount pageInfo { hasNextPage endCursor } zones { id name kind district geometry weeklySchedule { days { day dayName windows } season holidays }
      scheduleFrom allowedBusinessTypes { code name nameEn } capacity spots open nextOpenings(count: 2) { from to }
      occupancy { spots checkedInNow free } } } }`;

/** The most zones one answer holds (the API's own limit). */
export const PAGE = 200;
/** The most zones the embed gathers, page after page, for its list and filters (a large city's whole map). */
export const MAX_ZONES = 3000;

export class ApiError extends Error {}

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json() as { data?: T | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new ApiError(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

export async function publishedMap(city: string): Promise<PublishedMap | null> {
  return (await gql<{ publishedMap: PublishedMap | null }>(MAP, { city })).publishedMap;
}

export async function searchZones(city: string, version: number, f: Filters): Promise<ZoneSearch> {
  type Page = ZoneSearch & { pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  const ask = (after: string | null) => gql<{ mapZones: Page }>(ZONES, {
    city, version, text: f.text ?? null, kinds: f.kinds, type: f.businessType, open: f.openNow, at: f.at, first: PAGE, after,
  }).then((d) => d.mapZones);
  // The next pages carry the first page's instant in their cursor, so all pages answer for one moment.
  let page = await ask(null);
  const { version: v, at, totalCount } = page;
  const zones = [...page.zones];
  while (page.pageInfo.hasNextPage && zones.length < MAX_ZONES) {
    page = await ask(page.pageInfo.endCursor);
    zones.push(...page.zones);
  }
  return { version: v, at, totalCount, zones };
}

/** The published style, or null when the service has none to give (the page then draws its own). */
export async function fetchStyle(url: string): Promise<unknown> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    return res.ok ? await res.json() as unknown : null;
  } catch {
    return null;
  }
}

export const typeName = (lang: Lang, b: BusinessType): string => (lang === 'zh' ? b.name : b.nameEn);

/** Every business type some zone names, parents before their children (codes sort that way). */
export function businessTypesOf(zones: MapZone[]): BusinessType[] {
  const byCode = new Map<string, BusinessType>();
  for (const z of zones) for (const b of z.allowedBusinessTypes ?? []) byCode.set(b.code, b);
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
