// The little geometry the page needs in the browser: where to put a zone's popup, the box to fly to,
// and how far a zone is from the viewer for "sort by distance". Zones are at most a few hundred metres
// across and a viewer is within one city, so a flat projection around the viewer is accurate to well
// under a metre per kilometre — and needs no geometry library in the bundle.
import type { Geometry } from './api';

export type Lnglat = [number, number];

const polygons = (g: Geometry): number[][][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** A point for a zone's popup: the vertex mean of its largest part's outer ring (inside for the convex
 * strips and blocks zones are drawn as; a MultiPolygon's parts are often two pavements of one street). */
export function labelPoint(g: Geometry): Lnglat {
  const rings = polygons(g).map((p) => p[0]);
  const ring = rings.reduce((a, b) => (boxArea(b) > boxArea(a) ? b : a));
  const pts = ring.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

export function bbox(g: Geometry): [Lnglat, Lnglat] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons(g)) {
    for (const [x, y] of poly[0]) {
      w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y);
    }
  }
  return [[w, s], [e, n]];
}

function boxArea(ring: number[][]): number {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

/** Metres from `from` to the nearest edge of the zone; 0 inside it. */
export function distanceM(from: Lnglat, g: Geometry): number {
  const kx = 111_320 * Math.cos((from[1] * Math.PI) / 180);
  const ky = 110_574;
  const local = (p: number[]): Lnglat => [(p[0] - from[0]) * kx, (p[1] - from[1]) * ky];
  let best = Infinity;
  for (const poly of polygons(g)) {
    let inside = false;
    for (const ring of poly) {
      const pts = ring.map(local);
      for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
        const [a, b] = [pts[j], pts[i]];
        // Ray casting from the origin (the viewer) along +x: each crossing flips inside/outside.
        if ((a[1] > 0) !== (b[1] > 0) && a[0] + ((0 - a[1]) * (b[0] - a[0])) / (b[1] - a[1]) > 0) inside = !inside;
        best = Math.min(best, toSegment(a, b));
      }
    }
    if (inside) return 0;
  }
  return best;
}

/** Distance from the origin to the segment a–b (local metres). */
function toSegment(a: Lnglat, b: Lnglat): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / len));
  return Math.hypot(a[0] + t * dx, a[1] + t * dy);
}
