// The extensions every embedded database loads: PostGIS, and btree_gist for the exclusion constraints
// that keep a stall spot from being booked twice (prisma/migrations/*_spots_vendors).
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { postgis } from '@electric-sql/pglite-postgis';

export const PGLITE_EXTENSIONS = { postgis, btree_gist };
