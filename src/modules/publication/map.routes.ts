// The published map over plain HTTP (tiles, TileJSON, style, GeoJSON): filled in by the map endpoints.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';

export async function registerMapRoutes(_app: FastifyInstance, _deps: { db: Database }): Promise<void> {
  // routes are registered here
}
