-- Stall spots, vendors, applications, assignments, allocation rounds and check-ins (issue 9).
-- The database itself keeps the rules a service bug must not break: a spot lies inside its zone and
-- keeps its distance from the other spots (a trigger, serialised per zone by an advisory lock); no spot
-- is booked twice for overlapping days and a vendor holds one live assignment per zone (exclusion
-- constraints over btree_gist); one application per vendor and round.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TYPE "SpotStatus" AS ENUM ('AVAILABLE', 'ASSIGNED', 'SUSPENDED', 'RETIRED');
CREATE TYPE "PriorityCategory" AS ENUM ('LOW_INCOME', 'DISABLED', 'VETERAN', 'LOCAL_FARMER', 'UNEMPLOYED', 'ELDERLY');
CREATE TYPE "ApplicationStatus" AS ENUM ('SUBMITTED', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'WAITLISTED', 'NOT_ALLOCATED');
CREATE TYPE "AssignmentStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'REVOKED', 'ENDED');
CREATE TYPE "RoundStatus" AS ENUM ('OPEN', 'DRAWN', 'CANCELLED');

-- The least distance in metres between two stalls of the zone (a fire lane, a passage).
ALTER TABLE "zone" ADD COLUMN "min_spot_spacing_m" DOUBLE PRECISION NOT NULL DEFAULT 0
  CHECK ("min_spot_spacing_m" >= 0 AND "min_spot_spacing_m" <= 100);

-- The footprint of a stall of width_m × depth_m centred on a point, its width along bearing_deg
-- (degrees clockwise from north), corners placed on the ellipsoid.
CREATE FUNCTION "spot_rectangle"(center geometry, width_m double precision, depth_m double precision, bearing_deg double precision)
RETURNS geometry LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[
    ST_Project(ST_Project(center::geography, width_m / 2, radians(bearing_deg)), depth_m / 2, radians(bearing_deg + 90))::geometry,
    ST_Project(ST_Project(center::geography, width_m / 2, radians(bearing_deg)), depth_m / 2, radians(bearing_deg - 90))::geometry,
    ST_Project(ST_Project(center::geography, width_m / 2, radians(bearing_deg + 180)), depth_m / 2, radians(bearing_deg - 90))::geometry,
    ST_Project(ST_Project(center::geography, width_m / 2, radians(bearing_deg + 180)), depth_m / 2, radians(bearing_deg + 90))::geometry,
    ST_Project(ST_Project(center::geography, width_m / 2, radians(bearing_deg)), depth_m / 2, radians(bearing_deg + 90))::geometry
  ])), 4326)
$$;

-- The UTM zone (WGS84 / UTM, EPSG 326xx north, 327xx south) of a geometry's centroid. Distances of a
-- metre or so between stalls are measured there: PostGIS's geodetic polygon distance is exact on a
-- server, but the embedded (WebAssembly) build answers 0 for polygons less than about a metre apart.
CREATE FUNCTION "utm_srid"(g geometry) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (CASE WHEN ST_Y(ST_Centroid(g)) >= 0 THEN 32600 ELSE 32700 END)
         + LEAST(60, GREATEST(1, floor((ST_X(ST_Centroid(g)) + 180) / 6)::integer + 1))
$$;

CREATE TABLE "spot" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "zone_id" UUID NOT NULL,
    "number" INTEGER NOT NULL CHECK ("number" BETWEEN 1 AND 99999),
    -- as drawn: a Point (the stall's centre) or a small Polygon
    "geom" geometry(Geometry, 4326) NOT NULL CHECK (GeometryType("geom") IN ('POINT', 'POLYGON') AND ST_IsValid("geom")),
    -- the ground the stall takes, set by the trigger below from geom, width, depth and bearing
    "footprint" geometry(Polygon, 4326) NOT NULL,
    "width_m" DOUBLE PRECISION NOT NULL CHECK ("width_m" > 0 AND "width_m" <= 50),
    "depth_m" DOUBLE PRECISION NOT NULL CHECK ("depth_m" > 0 AND "depth_m" <= 50),
    "bearing_deg" DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK ("bearing_deg" >= 0 AND "bearing_deg" < 360),
    "business_type" TEXT,
    "status" "SpotStatus" NOT NULL DEFAULT 'AVAILABLE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "spot_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "spot_zone_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Numbers are unique in a zone among the spots not retired (a retired number may be reused).
CREATE UNIQUE INDEX "spot_city_id_zone_id_number_key" ON "spot"("city_id", "zone_id", "number") WHERE "status" <> 'RETIRED';
CREATE INDEX "spot_geom_gist" ON "spot" USING GIST ("geom");
CREATE INDEX "spot_footprint_gist" ON "spot" USING GIST ("footprint");
CREATE INDEX "spot_city_id_zone_id_idx" ON "spot"("city_id", "zone_id");

CREATE FUNCTION "spot_check"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  z RECORD;
  other RECORD;
  srid integer;
BEGIN
  IF GeometryType(NEW."geom") = 'POINT' THEN
    NEW."footprint" := "spot_rectangle"(NEW."geom", NEW."width_m", NEW."depth_m", NEW."bearing_deg");
  ELSE
    NEW."footprint" := NEW."geom";
  END IF;
  IF NEW."status" = 'RETIRED' THEN
    RETURN NEW;
  END IF;
  -- A live spot that only changes status (assigned, suspended, available again) keeps its place: it was
  -- checked when placed, and a zone's later rules (a wider spacing) must not block its assignment.
  IF TG_OP = 'UPDATE' AND OLD."status" <> 'RETIRED' AND NEW."geom" = OLD."geom" AND NEW."width_m" = OLD."width_m"
     AND NEW."depth_m" = OLD."depth_m" AND NEW."bearing_deg" = OLD."bearing_deg" AND NEW."zone_id" = OLD."zone_id" THEN
    RETURN NEW;
  END IF;
  -- one writer of a zone's spots at a time, so two concurrent inserts cannot both pass the checks
  PERFORM pg_advisory_xact_lock(hashtextextended('spot:' || NEW."city_id"::text || ':' || NEW."zone_id"::text, 0));
  SELECT "geom", "kind", "status", "min_spot_spacing_m" INTO z FROM "zone" WHERE "city_id" = NEW."city_id" AND "id" = NEW."zone_id";
  IF z."kind" = 'NO_VENDING' OR z."status" <> 'ACTIVE' THEN
    RAISE EXCEPTION 'spot % must lie in an active vending zone', NEW."number" USING ERRCODE = '23514', CONSTRAINT = 'spot_in_vending_zone';
  END IF;
  IF NOT ST_CoveredBy(NEW."footprint", z."geom") THEN
    RAISE EXCEPTION 'spot % lies outside its zone', NEW."number" USING ERRCODE = '23514', CONSTRAINT = 'spot_inside_zone';
  END IF;
  srid := "utm_srid"(NEW."footprint");
  SELECT s."number" INTO other
    FROM "spot" s
   WHERE s."city_id" = NEW."city_id" AND s."zone_id" = NEW."zone_id" AND s."id" <> NEW."id" AND s."status" <> 'RETIRED'
     -- a generous box first (a degree of latitude is ~111 km; of longitude no less than ~50 km in China) for the GiST index
     AND ST_DWithin(s."footprint", NEW."footprint", (z."min_spot_spacing_m" + 1) / 50000.0)
     AND (ST_Relate(s."footprint", NEW."footprint", '2********')
          OR (z."min_spot_spacing_m" > 0
              AND ST_DWithin(ST_Transform(s."footprint", srid), ST_Transform(NEW."footprint", srid), z."min_spot_spacing_m" - 0.001)))
   ORDER BY s."number"
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'spot % overlaps or is closer than % m to spot %', NEW."number", z."min_spot_spacing_m", other."number"
      USING ERRCODE = '23514', CONSTRAINT = 'spot_spacing';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "spot_check" BEFORE INSERT OR UPDATE OF "geom", "width_m", "depth_m", "bearing_deg", "zone_id", "status" ON "spot"
  FOR EACH ROW EXECUTE FUNCTION "spot_check"();

CREATE TABLE "vendor_profile" (
    "city_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    -- AES-256-GCM (src/modules/vendors/pii.ts): base64 of iv ‖ tag ‖ ciphertext; HMAC-SHA-256 for exact look-up
    "phone_enc" TEXT NOT NULL,
    "phone_hmac" TEXT NOT NULL,
    "id_number_enc" TEXT,
    "id_number_hmac" TEXT,
    "business_types" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "vendor_profile_pkey" PRIMARY KEY ("city_id", "account_id"),
    CONSTRAINT "vendor_profile_account_fkey" FOREIGN KEY ("city_id", "account_id") REFERENCES "account"("city_id", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "vendor_profile_city_id_phone_hmac_key" ON "vendor_profile"("city_id", "phone_hmac");
CREATE UNIQUE INDEX "vendor_profile_city_id_id_number_hmac_key" ON "vendor_profile"("city_id", "id_number_hmac");

CREATE TABLE "vendor_priority" (
    "city_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "category" "PriorityCategory" NOT NULL,
    "evidence_ref" TEXT NOT NULL,
    "verified_by" UUID NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "vendor_priority_pkey" PRIMARY KEY ("city_id", "account_id", "category"),
    CONSTRAINT "vendor_priority_profile_fkey" FOREIGN KEY ("city_id", "account_id") REFERENCES "vendor_profile"("city_id", "account_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "vendor_priority_verifier_fkey" FOREIGN KEY ("city_id", "verified_by") REFERENCES "account"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Phone sign-in codes: one row per phone of a city (by HMAC, never the number), the code by hash.
CREATE TABLE "login_code" (
    "city_id" UUID NOT NULL,
    "phone_hmac" TEXT NOT NULL,
    "code_hash" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    CONSTRAINT "login_code_pkey" PRIMARY KEY ("city_id", "phone_hmac"),
    CONSTRAINT "login_code_city_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "allocation_round" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "zone_id" UUID NOT NULL,
    "spot_ids" UUID[] NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "status" "RoundStatus" NOT NULL DEFAULT 'OPEN',
    -- hex sha256(seed), published when the round opens; the seed is revealed at the draw
    "seed_commitment" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm_version" TEXT NOT NULL,
    "opened_by" UUID NOT NULL,
    "drawn_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "allocation_round_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "allocation_round_zone_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "allocation_round_period" CHECK ("starts_on" <= "ends_on")
);
CREATE INDEX "allocation_round_city_id_zone_id_idx" ON "allocation_round"("city_id", "zone_id");

CREATE TABLE "application" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendor_id" UUID NOT NULL,
    "zone_id" UUID NOT NULL,
    -- null: any spot of the zone
    "spot_id" UUID,
    "round_id" UUID,
    "business_type" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "note" TEXT,
    "reason" TEXT,
    -- 0 = highest; from the vendor's verified priority categories when applying
    "priority_tier" INTEGER NOT NULL DEFAULT 9,
    "decided_by" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "application_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "application_vendor_fkey" FOREIGN KEY ("city_id", "vendor_id") REFERENCES "vendor_profile"("city_id", "account_id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "application_zone_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "application_spot_fkey" FOREIGN KEY ("city_id", "spot_id") REFERENCES "spot"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "application_round_fkey" FOREIGN KEY ("city_id", "round_id") REFERENCES "allocation_round"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "application_period" CHECK ("starts_on" <= "ends_on")
);
CREATE INDEX "application_city_id_zone_id_status_idx" ON "application"("city_id", "zone_id", "status");
CREATE INDEX "application_city_id_vendor_id_idx" ON "application"("city_id", "vendor_id");
-- One application per vendor and round (a withdrawn one does not count).
CREATE UNIQUE INDEX "application_one_per_round" ON "application"("city_id", "round_id", "vendor_id") WHERE "round_id" IS NOT NULL AND "status" <> 'WITHDRAWN';

CREATE TABLE "assignment" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "spot_id" UUID NOT NULL,
    "zone_id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "application_id" UUID,
    "business_type" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "assignment_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "assignment_spot_fkey" FOREIGN KEY ("city_id", "spot_id") REFERENCES "spot"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "assignment_zone_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "assignment_vendor_fkey" FOREIGN KEY ("city_id", "vendor_id") REFERENCES "vendor_profile"("city_id", "account_id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "assignment_application_fkey" FOREIGN KEY ("city_id", "application_id") REFERENCES "application"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "assignment_period" CHECK ("starts_on" <= "ends_on"),
    -- no spot booked twice for overlapping days
    CONSTRAINT "assignment_no_double_booking" EXCLUDE USING gist (
      "city_id" WITH =, "spot_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&
    ) WHERE ("status" IN ('ACTIVE', 'SUSPENDED')),
    -- one live assignment per vendor and zone at a time
    CONSTRAINT "assignment_one_per_vendor_zone" EXCLUDE USING gist (
      "city_id" WITH =, "zone_id" WITH =, "vendor_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&
    ) WHERE ("status" IN ('ACTIVE', 'SUSPENDED'))
);
CREATE INDEX "assignment_city_id_vendor_id_idx" ON "assignment"("city_id", "vendor_id");
CREATE INDEX "assignment_city_id_zone_id_status_idx" ON "assignment"("city_id", "zone_id", "status");

CREATE TABLE "check_in" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "assignment_id" UUID NOT NULL,
    "spot_id" UUID NOT NULL,
    "zone_id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "point" geometry(Point, 4326) NOT NULL,
    "distance_m" DOUBLE PRECISION NOT NULL,
    -- the zone's closing time for this opening: the check-in lapses then
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "checked_out_at" TIMESTAMPTZ(3),
    CONSTRAINT "check_in_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "check_in_assignment_fkey" FOREIGN KEY ("city_id", "assignment_id") REFERENCES "assignment"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "check_in_spot_fkey" FOREIGN KEY ("city_id", "spot_id") REFERENCES "spot"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "check_in_period" CHECK ("at" < "ends_at")
);
CREATE INDEX "check_in_city_id_zone_id_ends_at_idx" ON "check_in"("city_id", "zone_id", "ends_at");
CREATE INDEX "check_in_city_id_vendor_id_at_idx" ON "check_in"("city_id", "vendor_id", "at");

-- City settings for check-in: how near the spot a check-in must be.
ALTER TABLE "city" ADD COLUMN "check_in_radius_m" DOUBLE PRECISION NOT NULL DEFAULT 30 CHECK ("check_in_radius_m" > 0 AND "check_in_radius_m" <= 1000);
