-- Shop-sign permits (issue 11): the bureau's sign design guide per street section (店招设置指导图集),
-- shop owners' applications checked against it, the review workflow with its permit numbers and validity,
-- the officers' notes, and uploaded attachments. The database refuses what no service bug may write: a
-- sign dimension that is not positive, a guide that is not a line or an area, two permits of a city with
-- one number, an approved application without its validity. EXPIRED is not stored: it is computed on read
-- from valid_until and the city's date, so no timer has to run for a permit to lapse.

CREATE TYPE "SignApplicationStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'RETURNED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'REVOKED', 'AMENDED');

-- A version of a street section's guide; the version in force is the newest whose effective_from has come.
CREATE TABLE "sign_guide" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "street_name" TEXT NOT NULL CHECK (length("street_name") BETWEEN 1 AND 100),
    "version" INTEGER NOT NULL CHECK ("version" >= 1),
    "effective_from" DATE NOT NULL,
    -- the street section: a line along the shop fronts, or an area (a pedestrian street)
    "geom" geometry(Geometry, 4326) NOT NULL
      CHECK (GeometryType("geom") IN ('LINESTRING', 'MULTILINESTRING', 'POLYGON', 'MULTIPOLYGON') AND ST_IsValid("geom")),
    -- a shop within this many metres of a line section faces it
    "max_distance_m" DOUBLE PRECISION NOT NULL DEFAULT 30 CHECK ("max_distance_m" > 0 AND "max_distance_m" <= 500),
    "illustration_url" TEXT,
    "guidance" TEXT,
    -- per sign type: [{signType, allowed, maxWidthShare, maxHeightM, maxAreaM2, minClearanceM, maxProjectionM, lighting, guidance}]
    "rules" JSONB NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sign_guide_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "sign_guide_city_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "sign_guide_city_id_street_name_version_key" ON "sign_guide"("city_id", "street_name", "version");
CREATE INDEX "sign_guide_geom_gist" ON "sign_guide" USING GIST ("geom");
-- "within N metres" is asked on geography, which uses only an index built on the cast.
CREATE INDEX "sign_guide_geog_gist" ON "sign_guide" USING GIST ((("geom")::geography));

CREATE TABLE "sign_application" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "applicant_id" UUID NOT NULL,
    "district_id" UUID NOT NULL,
    -- the guide version the last check used
    "guide_id" UUID NOT NULL,
    "status" "SignApplicationStatus" NOT NULL DEFAULT 'DRAFT',
    "shop_name" TEXT NOT NULL CHECK (length("shop_name") BETWEEN 1 AND 100),
    "address" TEXT NOT NULL CHECK (length("address") BETWEEN 1 AND 200),
    "location" geometry(Point, 4326) NOT NULL,
    "facade_width_m" DOUBLE PRECISION NOT NULL CHECK ("facade_width_m" > 0 AND "facade_width_m" <= 200),
    "facade_height_m" DOUBLE PRECISION NOT NULL CHECK ("facade_height_m" > 0 AND "facade_height_m" <= 100),
    "contact_name" TEXT NOT NULL,
    -- AES-256-GCM like vendors' numbers (src/modules/vendors/pii.ts); never in public output
    "contact_phone_enc" TEXT NOT NULL,
    -- [{type, widthM, heightM, projectionM, clearanceM, lighting}]; dimensions checked by the service
    "signs" JSONB NOT NULL CHECK (jsonb_typeof("signs") = 'array' AND jsonb_array_length("signs") BETWEEN 1 AND 10),
    -- the last compliance check: rule by rule
    "compliance" JSONB,
    "compliant" BOOLEAN,
    "reason" TEXT,
    "permit_number" TEXT,
    "valid_from" DATE,
    "valid_until" DATE,
    "amends_id" UUID,
    "submitted_at" TIMESTAMPTZ(3),
    "decided_by" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sign_application_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "sign_application_applicant_fkey" FOREIGN KEY ("city_id", "applicant_id") REFERENCES "account"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "sign_application_district_fkey" FOREIGN KEY ("city_id", "district_id") REFERENCES "district"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "sign_application_guide_fkey" FOREIGN KEY ("city_id", "guide_id") REFERENCES "sign_guide"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "sign_application_amends_fkey" FOREIGN KEY ("city_id", "amends_id") REFERENCES "sign_application"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    -- a permit (approved, revoked, amended) always has its number and validity
    CONSTRAINT "sign_application_permit_check" CHECK (
      "status" NOT IN ('APPROVED', 'REVOKED', 'AMENDED')
      OR ("permit_number" IS NOT NULL AND "valid_from" IS NOT NULL AND "valid_until" IS NOT NULL AND "valid_until" >= "valid_from"))
);
CREATE UNIQUE INDEX "sign_application_city_id_permit_number_key" ON "sign_application"("city_id", "permit_number");
CREATE INDEX "sign_application_city_id_applicant_id_idx" ON "sign_application"("city_id", "applicant_id");
CREATE INDEX "sign_application_city_id_district_id_status_idx" ON "sign_application"("city_id", "district_id", "status");
CREATE INDEX "sign_application_city_id_valid_until_idx" ON "sign_application"("city_id", "valid_until") WHERE "status" = 'APPROVED';
CREATE INDEX "sign_application_location_gist" ON "sign_application" USING GIST ("location");

-- Staff's notes on an application (assistants record what they saw; nobody edits a note).
CREATE TABLE "sign_note" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "application_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "text" TEXT NOT NULL CHECK (length("text") BETWEEN 1 AND 1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sign_note_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "sign_note_application_fkey" FOREIGN KEY ("city_id", "application_id") REFERENCES "sign_application"("city_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "sign_note_author_fkey" FOREIGN KEY ("city_id", "author_id") REFERENCES "account"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "sign_note_city_id_application_id_idx" ON "sign_note"("city_id", "application_id");

-- An uploaded file (a rendering of the sign, a photo of the facade); the bytes live on disk under
-- <files dir>/<city_id>/<id>, named by id only. Attached to at most one application.
CREATE TABLE "sign_file" (
    "city_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "uploader_id" UUID NOT NULL,
    "application_id" UUID,
    "file_name" TEXT NOT NULL CHECK (length("file_name") BETWEEN 1 AND 200),
    -- as sniffed from the content, never as declared by the client
    "media_type" TEXT NOT NULL CHECK ("media_type" IN ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')),
    "size_bytes" INTEGER NOT NULL CHECK ("size_bytes" > 0),
    "sha256" TEXT NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sign_file_pkey" PRIMARY KEY ("city_id", "id"),
    CONSTRAINT "sign_file_uploader_fkey" FOREIGN KEY ("city_id", "uploader_id") REFERENCES "account"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "sign_file_application_fkey" FOREIGN KEY ("city_id", "application_id") REFERENCES "sign_application"("city_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "sign_file_city_id_application_id_idx" ON "sign_file"("city_id", "application_id");
