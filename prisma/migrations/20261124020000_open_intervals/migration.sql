-- "Open now" as an index look-up: each zone's open intervals for the coming two weeks, precomputed from
-- its rule versions, exceptions and the holiday calendar. Zones with the same rules share a signature
-- and one set of intervals. Refreshed in the same transaction as any change that affects them and
-- rolled forward by a timer; outside the covered window the service evaluates the rules instead.

-- AlterTable
ALTER TABLE "zone" ADD COLUMN "open_signature" TEXT;

-- CreateTable
CREATE TABLE "open_interval" (
    "city_id" UUID NOT NULL,
    "signature" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "allow_all_business_types" BOOLEAN NOT NULL,
    "allowed_business_types" TEXT[] NOT NULL,

    CONSTRAINT "open_interval_pkey" PRIMARY KEY ("city_id","signature","starts_at")
);

-- CreateTable
CREATE TABLE "open_window" (
    "city_id" UUID NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_to" TIMESTAMPTZ(3) NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "open_window_pkey" PRIMARY KEY ("city_id")
);

-- CreateIndex
CREATE INDEX "open_interval_city_id_starts_at_idx" ON "open_interval"("city_id", "starts_at");

-- CreateIndex
CREATE INDEX "zone_city_id_open_signature_idx" ON "zone"("city_id", "open_signature");

-- AddForeignKey
ALTER TABLE "open_window" ADD CONSTRAINT "open_window_city_id_fkey" FOREIGN KEY ("city_id") REFERENCES "city"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a piece lasts at most a day, so "open at T" reads only pieces starting in the 24 h before T.
ALTER TABLE "open_interval" ADD CONSTRAINT "open_interval_piece" CHECK ("ends_at" > "starts_at" AND "ends_at" - "starts_at" <= interval '24 hours');
ALTER TABLE "open_window" ADD CONSTRAINT "open_window_span" CHECK ("valid_to" > "valid_from");
