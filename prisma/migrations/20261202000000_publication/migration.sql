-- The published convenience service map: immutable snapshots with a version number. Publishing writes
-- a publication row and every published row in one transaction, so a half-written version is never
-- visible (also after a crash); the city's current version is its highest. Published rows are never
-- changed or deleted (a trigger refuses it), so tiles and GeoJSON of a version may be cached forever.
-- Only public attributes are copied: no account, vendor, phone or identity number is ever here.

-- CreateTable
CREATE TABLE "publication" (
    "city_id" UUID NOT NULL,
    "version" INTEGER NOT NULL CHECK ("version" >= 1),
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by" UUID,
    "note" TEXT,
    "republished_from" INTEGER,
    "zone_count" INTEGER NOT NULL,
    "spot_count" INTEGER NOT NULL,
    "feature_count" INTEGER NOT NULL,
    -- [minLon, minLat, maxLon, maxLat] of everything published (TileJSON bounds); null when empty
    "bounds" DOUBLE PRECISION[],

    CONSTRAINT "publication_pkey" PRIMARY KEY ("city_id","version")
);

-- CreateTable
CREATE TABLE "published_zone" (
    "city_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "zone_id" UUID NOT NULL,
    "district_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ZoneKind" NOT NULL,
    "geom" geometry(MultiPolygon, 4326) NOT NULL,
    "area_m2" DOUBLE PRECISION NOT NULL,
    -- the hours in words (WeeklySchedule) of the rule in force at publication, or of the first to come
    "schedule" JSONB,
    "schedule_from" TEXT,
    -- null: every business type; otherwise [{code, name, nameEn}]
    "business_types" JSONB,
    -- the codes of business_types, for filtering in SQL; empty with business_types null
    "type_codes" TEXT[] NOT NULL DEFAULT '{}',
    "capacity" INTEGER,
    "spot_count" INTEGER NOT NULL DEFAULT 0,
    -- the open intervals (open_interval) of the published rules, and those rules, so the intervals can
    -- be rolled forward even after the live zone's rules have changed
    "open_signature" TEXT,
    "rules" JSONB,
    -- a digest of the public attributes and geometry, for previewPublication's diff
    "digest" TEXT NOT NULL,

    CONSTRAINT "published_zone_pkey" PRIMARY KEY ("city_id","version","zone_id")
);

-- CreateTable
CREATE TABLE "published_spot" (
    "city_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "spot_id" UUID NOT NULL,
    "zone_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "business_type" TEXT,
    "width_m" DOUBLE PRECISION NOT NULL,
    "depth_m" DOUBLE PRECISION NOT NULL,
    "geom" geometry(Polygon, 4326) NOT NULL,
    "digest" TEXT NOT NULL,

    CONSTRAINT "published_spot_pkey" PRIMARY KEY ("city_id","version","spot_id")
);

-- CreateTable
CREATE TABLE "published_feature" (
    "city_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "feature_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "feature_kind" TEXT NOT NULL,
    "buffer_m" DOUBLE PRECISION NOT NULL,
    -- the no-vending area around the feature (its buffer), which is what the map draws
    "geom" geometry(Geometry, 4326) NOT NULL,
    -- the buffer's hours per weekday in words; null: always
    "hours" JSONB,
    "digest" TEXT NOT NULL,

    CONSTRAINT "published_feature_pkey" PRIMARY KEY ("city_id","version","feature_id")
);

-- AddForeignKey (hand-written DEFERRABLE: the rows are written first, then the publication row that counts them)
ALTER TABLE "publication" ADD CONSTRAINT "publication_city_id_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "published_zone" ADD CONSTRAINT "published_zone_city_id_version_fkey" FOREIGN KEY ("city_id", "version") REFERENCES "publication"("city_id", "version") ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "published_spot" ADD CONSTRAINT "published_spot_city_id_version_fkey" FOREIGN KEY ("city_id", "version") REFERENCES "publication"("city_id", "version") ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "published_feature" ADD CONSTRAINT "published_feature_city_id_version_fkey" FOREIGN KEY ("city_id", "version") REFERENCES "publication"("city_id", "version") ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- Hand-written: spatial indexes for tiles (bounding-box search) and for "near me" (KNN, and metres on geography).
CREATE INDEX "published_zone_geom_gist" ON "published_zone" USING GIST ("geom");
CREATE INDEX "published_zone_geog_gist" ON "published_zone" USING GIST ((("geom")::geography));
CREATE INDEX "published_spot_geom_gist" ON "published_spot" USING GIST ("geom");
CREATE INDEX "published_feature_geom_gist" ON "published_feature" USING GIST ("geom");
CREATE INDEX "published_zone_signature_idx" ON "published_zone" ("city_id", "version", "open_signature");

-- Hand-written: a published version never changes.
CREATE FUNCTION "published_is_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published map versions are immutable (%)', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;
CREATE TRIGGER "publication_immutable" BEFORE UPDATE OR DELETE ON "publication" FOR EACH ROW EXECUTE FUNCTION "published_is_immutable"();
CREATE TRIGGER "published_zone_immutable" BEFORE UPDATE OR DELETE ON "published_zone" FOR EACH ROW EXECUTE FUNCTION "published_is_immutable"();
CREATE TRIGGER "published_spot_immutable" BEFORE UPDATE OR DELETE ON "published_spot" FOR EACH ROW EXECUTE FUNCTION "published_is_immutable"();
CREATE TRIGGER "published_feature_immutable" BEFORE UPDATE OR DELETE ON "published_feature" FOR EACH ROW EXECUTE FUNCTION "published_is_immutable"();
