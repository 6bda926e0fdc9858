// Who is asking, and with what. Built once per request from the Authorization header.
import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '@prisma/client';
import type { Database } from '../db/database';
import type { AuthService } from '../modules/accounts/auth.service';

export interface Viewer {
  accountId: string;
  cityId: string;
  username: string;
  role: Role;
  /** Districts an officer or assistant holds (admins hold the whole city). */
  districtIds: string[];
  /** The zone a zone manager represents. */
  zoneId: string | null;
  via: 'session' | 'apiToken';
}

export interface Context {
  requestId: string;
  db: Database;
  viewer: Viewer | null;
  log: FastifyBaseLogger;
  auth: AuthService;
  /** The client's address (Fastify's request.ip), for per-address sign-in throttling. */
  clientIp?: string;
}
