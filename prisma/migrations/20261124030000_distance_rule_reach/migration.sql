-- Distance buffers found by an index. Each rule has its own radius, so ST_DWithin(geom::geography, p,
-- buffer_m) cannot use an index on geom: it read every rule of the city. The area a buffer reaches is
-- kept as a polygon (a little larger than the circle: ST_Buffer's segments cut inside it) with a GiST
-- index; "buffers at a point" looks there first and then measures exactly.

-- AlterTable (hand-written: a generated column, which Prisma does not model)
ALTER TABLE "distance_rule" ADD COLUMN "reach" geometry(Geometry, 4326)
  GENERATED ALWAYS AS (ST_Buffer("geom"::geography, "buffer_m" * 1.01 + 1)::geometry) STORED;

-- CreateIndex
CREATE INDEX "distance_rule_reach_idx" ON "distance_rule" USING GIST ("reach");
