-- PostGIS first: the geometry columns below need it. On a server the role needs the right to create it
-- (or a DBA creates it beforehand; IF NOT EXISTS keeps that working).
CREATE EXTENSION IF NOT EXISTS postgis;

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'OFFICER', 'ASSISTANT', 'ZONE_MANAGER', 'VENDOR');

-- CreateEnum
CREATE TYPE "ZoneKind" AS ENUM ('FEATURE_STREET', 'STALL_CLUSTER', 'SERVICE_POINT', 'MORNING_MARKET', 'NIGHT_MARKET', 'TEMPORARY_MARKET', 'GUIDED_STALL_POINT', 'FARMERS_PRODUCE_POINT', 'REPAIR_AND_KEY_POINT', 'RURAL_REVITALISATION_POINT', 'NO_VENDING');

-- CreateEnum
CREATE TYPE "ZoneStatus" AS ENUM ('ACTIVE', 'RETIRED');

-- CreateTable
CREATE TABLE "city" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "center_lon" DOUBLE PRECISION NOT NULL,
    "center_lat" DOUBLE PRECISION NOT NULL,
    "zoom" DOUBLE PRECISION NOT NULL DEFAULT 12,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "city_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "district" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "geom" geometry(MultiPolygon, 4326) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "district_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "account" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "zone_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "account_district" (
    "city_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "district_id" UUID NOT NULL,

    CONSTRAINT "account_district_pkey" PRIMARY KEY ("city_id","account_id","district_id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "zone" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "district_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ZoneKind" NOT NULL,
    "status" "ZoneStatus" NOT NULL DEFAULT 'ACTIVE',
    "geom" geometry(MultiPolygon, 4326) NOT NULL,
    "area_m2" DOUBLE PRECISION NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "zone_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "city_id" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "account_id" UUID,
    "username" TEXT,
    "role" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "request_id" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("city_id","id")
);

-- CreateTable
CREATE TABLE "server_secret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "server_secret_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "city_code_key" ON "city"("code");

-- CreateIndex
CREATE UNIQUE INDEX "district_city_id_code_key" ON "district"("city_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "account_username_key" ON "account"("username");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "zone_city_id_district_id_kind_idx" ON "zone"("city_id", "district_id", "kind");

-- CreateIndex
CREATE INDEX "audit_log_city_id_entity_type_entity_id_idx" ON "audit_log"("city_id", "entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_city_id_at_idx" ON "audit_log"("city_id", "at");

-- AddForeignKey
ALTER TABLE "district" ADD CONSTRAINT "district_city_id_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_city_id_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_city_id_zone_id_fkey" FOREIGN KEY ("city_id", "zone_id") REFERENCES "zone"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_district" ADD CONSTRAINT "account_district_city_id_account_id_fkey" FOREIGN KEY ("city_id", "account_id") REFERENCES "account"("city_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_district" ADD CONSTRAINT "account_district_city_id_district_id_fkey" FOREIGN KEY ("city_id", "district_id") REFERENCES "district"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_city_id_account_id_fkey" FOREIGN KEY ("city_id", "account_id") REFERENCES "account"("city_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zone" ADD CONSTRAINT "zone_city_id_district_id_fkey" FOREIGN KEY ("city_id", "district_id") REFERENCES "district"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zone" ADD CONSTRAINT "zone_city_id_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- PostGIS: validity and spatial indexes (hand-written; Prisma does not know geometry).
ALTER TABLE "district" ADD CONSTRAINT "district_geom_valid" CHECK (ST_IsValid("geom") AND NOT ST_IsEmpty("geom"));
ALTER TABLE "zone" ADD CONSTRAINT "zone_geom_valid" CHECK (ST_IsValid("geom") AND NOT ST_IsEmpty("geom"));
ALTER TABLE "zone" ADD CONSTRAINT "zone_area_positive" CHECK ("area_m2" > 0);
ALTER TABLE "zone" ADD CONSTRAINT "zone_retired_consistent" CHECK (("status" = 'RETIRED') = ("retired_at" IS NOT NULL));
ALTER TABLE "zone" ADD CONSTRAINT "zone_name_not_blank" CHECK (length(btrim("name")) > 0);

CREATE INDEX "district_geom_gist" ON "district" USING GIST ("geom");
CREATE INDEX "zone_geom_gist" ON "zone" USING GIST ("geom");
-- Distances in metres use geography; ST_DWithin on geography only uses an index built on the cast.
CREATE INDEX "zone_geog_gist" ON "zone" USING GIST ((("geom")::geography));
-- Zones a client pages through are ordered by (created_at, id) within a city.
CREATE INDEX "zone_city_id_created_at_id_idx" ON "zone" ("city_id", "created_at", "id");
