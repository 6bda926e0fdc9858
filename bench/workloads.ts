// What the load generator asks: the same request body goes to the service (/graphql) and to the bare
// handler (its own path, reading the same `variables`), built from a seeded pool of random points so
// two runs ask the same questions in the same order.
import { DEMO_CITY } from '../src/demo/demo-city.data';

/** The synthetic zones' box: inside the demo city's Lanshan and Hedong districts, which the demo officer holds. */
export const BOX = { west: 118.3, south: 35.04, east: 118.44, north: 35.14 };

/** A ~1 km box, as a map view at street zoom asks. */
export const BBOX_DEG = { dx: 0.011, dy: 0.009 };

export type WorkloadName = 'point' | 'bbox' | 'vending' | 'openAt' | 'spots' | 'occupancy' | 'typename';

export interface Workload {
  name: WorkloadName;
  title: string;
  /** The bare handler's path; the service always gets /graphql. */
  barePath: string;
  /** Signed in as the demo officer (else anonymous, as the public asks). */
  auth: boolean;
  /** A hot path the ratio / p99 targets apply to (`{ __typename }` is the floor, not a target). */
  target: boolean;
  query: string;
  variables(i: number): Record<string, unknown>;
}

/** mulberry32: tiny, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pointPool(seed: number, n = 1000): [number, number][] {
  const r = prng(seed);
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return Array.from({ length: n }, () => [
    round(BOX.west + r() * (BOX.east - BOX.west - BBOX_DEG.dx)),
    round(BOX.south + r() * (BOX.north - BOX.south - BBOX_DEG.dy)),
  ]);
}

const VENDING_TYPES = ['food.snacks', 'goods.clothing', 'repair.key', 'produce.fruit'];
const OPEN_TYPES = ['food', 'food.snacks', 'goods', 'repair.key'];
const SPOT_TYPES = ['food.snacks', 'goods.clothing', 'food.drinks'];

export function workloads(pool: [number, number][], at: string): Workload[] {
  const p = (i: number) => pool[i % pool.length];
  const point = (i: number) => ({ type: 'Point', coordinates: p(i) });
  return [
    {
      name: 'point', title: 'officer zones(containsPoint, first: 20)', barePath: '/point', auth: true, target: true,
      query: 'query($p: GeoJSON!) { zones(containsPoint: $p, first: 20) { totalCount edges { node { id name } } } }',
      variables: (i) => ({ p: point(i) }),
    },
    {
      name: 'bbox', title: 'officer zones(bbox ~1 km, first: 20)', barePath: '/bbox', auth: true, target: true,
      query: 'query($b: [Float!]) { zones(bbox: $b, first: 20) { totalCount edges { node { id name } } } }',
      variables: (i) => {
        const [x, y] = p(i);
        return { b: [x, y, Math.round((x + BBOX_DEG.dx) * 1e7) / 1e7, Math.round((y + BBOX_DEG.dy) * 1e7) / 1e7] };
      },
    },
    {
      name: 'vending', title: 'public vendingCheck', barePath: '/vending', auth: false, target: true,
      query: `query($p: GeoJSON!, $t: String!, $at: DateTime) { vendingCheck(point: $p, businessType: $t, at: $at) {
        allowed zones { id name } reasons { code } nextAllowedAt nearestAllowedZone { distanceM zone { id name } } } }`,
      variables: (i) => ({ p: point(i), t: VENDING_TYPES[i % VENDING_TYPES.length], at }),
    },
    {
      name: 'openAt', title: 'officer zones(openAt, businessType) { totalCount }', barePath: '/openat', auth: true, target: true,
      query: 'query($at: DateTime!, $t: String) { zones(openAt: $at, businessType: $t) { totalCount } }',
      variables: (i) => ({ at, t: OPEN_TYPES[i % OPEN_TYPES.length] }),
    },
    {
      name: 'spots', title: 'public openSpotsNear(500 m, first: 10)', barePath: '/spots', auth: false, target: true,
      query: `query($p: GeoJSON!, $t: String!, $at: DateTime) { openSpotsNear(point: $p, businessType: $t, at: $at, radiusM: 500, first: 10) {
        distanceM spot { id number } zone { id name } } }`,
      variables: (i) => ({ p: point(i), t: SPOT_TYPES[i % SPOT_TYPES.length], at }),
    },
    {
      name: 'occupancy', title: 'public zoneOccupancy(city): every zone', barePath: '/occupancy', auth: false, target: true,
      query: 'query($c: String!) { zoneOccupancy(city: $c) { zoneId occupancy { spots assigned checkedInNow free waitingList } } }',
      variables: () => ({ c: DEMO_CITY.code }),
    },
    {
      name: 'typename', title: '{ __typename } vs bare http', barePath: '/typename', auth: false, target: false,
      query: '{ __typename }',
      variables: () => ({}),
    },
  ];
}

/** The request bodies of one workload, identical for the service and the bare handler. */
export function bodies(w: Workload, n: number): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ query: w.query, variables: w.variables(i) }));
}

/**
 * The instant the rules are asked about: next week's Tuesday (Asia/Shanghai) at 21:30, when night
 * markets are open and weekday-only zones closed, and not a holiday (the caller skips those). Near
 * enough to now for any precomputed "coming weeks" of open intervals to cover it.
 */
export function benchInstant(now: Date, weeksAhead = 0): string {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const dow = local.getUTCDay(); // 0 = Sunday
  const days = ((2 - dow + 7) % 7 || 7) + 7 * weeksAhead;
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days));
  return `${d.toISOString().slice(0, 10)}T21:30:00+08:00`;
}

interface Answer {
  data?: {
    zones?: { totalCount?: number; edges?: { node: { id: string } }[] };
    vendingCheck?: { zones?: { id: string }[] };
    openSpotsNear?: { spot: { id: string } }[];
    zoneOccupancy?: { zoneId: string; occupancy: Record<string, number> }[];
  };
  errors?: { message: string }[];
}

const ids = (xs: { id: string }[] | undefined) => (xs ?? []).map((x) => x.id).sort().join(',');

/**
 * Whether the service and the bare handler gave the same answer to one request: the same count and
 * first page (zones), the same zones at the point (vendingCheck). Null when they agree; else why not.
 */
export function disagreement(name: WorkloadName, service: Answer, bare: Answer): string | null {
  if (service.errors?.length) return `service error: ${service.errors[0].message}`;
  if (bare.errors?.length) return `bare error: ${bare.errors[0].message}`;
  if (name === 'vending') {
    const [a, b] = [ids(service.data?.vendingCheck?.zones), ids(bare.data?.vendingCheck?.zones)];
    return a === b ? null : `zones at the point differ: service [${a}] vs bare [${b}]`;
  }
  if (name === 'typename') return null;
  if (name === 'spots') {
    const [a, b] = [service.data?.openSpotsNear, bare.data?.openSpotsNear].map((xs) => (xs ?? []).map((x) => x.spot.id).join(','));
    return a === b ? null : `spots differ: service [${a}] vs bare [${b}]`;
  }
  if (name === 'occupancy') {
    const key = (xs: { zoneId: string; occupancy: Record<string, number> }[] | undefined) =>
      JSON.stringify((xs ?? []).map((x) => [x.zoneId, x.occupancy.spots, x.occupancy.free]).sort());
    return key(service.data?.zoneOccupancy) === key(bare.data?.zoneOccupancy) ? null : 'occupancy counts differ';
  }
  const [s, b] = [service.data?.zones, bare.data?.zones];
  if (s?.totalCount !== b?.totalCount) return `totalCount ${s?.totalCount} (service) vs ${b?.totalCount} (bare)`;
  if (name !== 'openAt') {
    const [pa, pb] = [ids(s?.edges?.map((e) => e.node)), ids(b?.edges?.map((e) => e.node))];
    if (pa !== pb) return 'the first pages hold different zones';
  }
  return null;
}
