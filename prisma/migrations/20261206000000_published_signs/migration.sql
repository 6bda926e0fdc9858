-- The public register of shop-sign permits becomes a layer of the published map: each published version
-- holds the permits in force on the day it was published (approved, not revoked or amended, not yet
-- expired), with the register's public attributes only — no applicant, contact or address.

-- AlterTable (no row trigger fires for ADD COLUMN: earlier versions read 0, which is what they held)
ALTER TABLE "publication" ADD COLUMN "sign_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "published_sign" (
    "city_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    -- the approved application that is the permit
    "permit_id" UUID NOT NULL,
    "permit_number" TEXT NOT NULL,
    "shop_name" TEXT NOT NULL,
    "street_name" TEXT NOT NULL,
    -- [{type, widthM, heightM, projectionM, clearanceM, lighting}], as the register shows them
    "signs" JSONB NOT NULL,
    -- the sign types, comma-separated, for tiles and filters
    "sign_types" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_until" DATE NOT NULL,
    "geom" geometry(Point, 4326) NOT NULL,
    "digest" TEXT NOT NULL,

    CONSTRAINT "published_sign_pkey" PRIMARY KEY ("city_id","version","permit_id")
);

-- AddForeignKey (hand-written DEFERRABLE, as for the other layers)
ALTER TABLE "published_sign" ADD CONSTRAINT "published_sign_city_id_version_fkey" FOREIGN KEY ("city_id", "version") REFERENCES "publication"("city_id", "version") ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- Hand-written: the tiles' bounding-box search, and immutability.
CREATE INDEX "published_sign_geom_gist" ON "published_sign" USING GIST ("geom");
CREATE TRIGGER "published_sign_immutable" BEFORE UPDATE OR DELETE ON "published_sign" FOR EACH ROW EXECUTE FUNCTION "published_is_immutable"();
