-- CreateEnum
CREATE TYPE "HolidayKind" AS ENUM ('HOLIDAY', 'ADJUSTED_WORKDAY');

-- CreateEnum
CREATE TYPE "ZoneExceptionKind" AS ENUM ('CLOSURE', 'OPENING');

-- CreateTable
CREATE TABLE "business_type" (
    "city_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "parent_code" TEXT,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_type_pkey" PRIMARY KEY ("city_id","code")
);

-- CreateTable
CREATE TABLE "holiday_day" (
    "city_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "kind" "HolidayKind" NOT NULL,
    "name_zh" TEXT,
    "name_en" TEXT,

    CONSTRAINT "holiday_day_pkey" PRIMARY KEY ("city_id","date")
);

-- CreateTable
CREATE TABLE "zone_rule" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "zone_id" UUID NOT NULL,
    "effective_from" DATE NOT NULL,
    "schedule" JSONB NOT NULL,
    "allowed_business_types" TEXT[],
    "allow_all_business_types" BOOLEAN NOT NULL DEFAULT false,
    "capacity" INTEGER,
    "max_stall_area_m2" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zone_rule_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "zone_exception" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "zone_id" UUID NOT NULL,
    "kind" "ZoneExceptionKind" NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zone_exception_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "distance_rule" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "feature_kind" TEXT NOT NULL,
    "geom" geometry(Geometry, 4326) NOT NULL,
    "buffer_m" DOUBLE PRECISION NOT NULL,
    "schedule" JSONB,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "distance_rule_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "zone_rule_city_id_zone_id_effective_from_key" ON "zone_rule"("city_id", "zone_id", "effective_from");

-- CreateIndex
CREATE INDEX "zone_exception_city_id_zone_id_ends_at_idx" ON "zone_exception"("city_id", "zone_id", "ends_at");

-- AddForeignKey
ALTER TABLE "zone_rule" ADD CONSTRAINT "zone_rule_city_id_zone_id_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zone_exception" ADD CONSTRAINT "zone_exception_city_id_zone_id_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: integrity Prisma cannot express, and the PostGIS index of the distance check.
ALTER TABLE "business_type" ADD CONSTRAINT "business_type_parent_fkey" FOREIGN KEY ("city_id", "parent_code") REFERENCES "business_type"("city_id", "code");
ALTER TABLE "business_type" ADD CONSTRAINT "business_type_code_format" CHECK ("code" ~ '^[a-z][a-z0-9_.-]{1,39}$');
ALTER TABLE "zone_exception" ADD CONSTRAINT "zone_exception_range" CHECK ("ends_at" > "starts_at");
ALTER TABLE "zone_rule" ADD CONSTRAINT "zone_rule_capacity" CHECK ("capacity" IS NULL OR "capacity" >= 0);
ALTER TABLE "zone_rule" ADD CONSTRAINT "zone_rule_types" CHECK ("allow_all_business_types" OR "allowed_business_types" IS NOT NULL);
ALTER TABLE "distance_rule" ADD CONSTRAINT "distance_rule_buffer" CHECK ("buffer_m" > 0 AND "buffer_m" <= 5000);
ALTER TABLE "distance_rule" ADD CONSTRAINT "distance_rule_geom_valid"
  CHECK (ST_IsValid("geom") AND GeometryType("geom") IN ('POINT', 'LINESTRING', 'MULTIPOINT', 'MULTILINESTRING'));
-- ST_DWithin on geography (metres) uses only an index built on the cast.
CREATE INDEX "distance_rule_geog_gist" ON "distance_rule" USING GIST ((("geom")::geography));
CREATE INDEX "distance_rule_city_id_idx" ON "distance_rule" ("city_id") WHERE "active";
