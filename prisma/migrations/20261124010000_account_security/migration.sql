-- Account security (issue #7): sessions that can be ended, and sign-in throttling.

-- AlterTable: a session token issued before this instant is refused. Set on deactivation, password
-- change and admin reset, so neither reactivation nor an old token outlives a reset.
ALTER TABLE "account" ADD COLUMN "sessions_valid_after" TIMESTAMPTZ(3);

-- CreateTable: failed sign-in attempts per username ('u:<name>') and per client address ('ip:<addr>'),
-- in the database so every instance of the service shares them. A global table like server_secret,
-- not keyed by city: usernames are unique across all cities, an address belongs to no city, and the
-- city is not known before sign-in. Under Citus it stays a local table of the coordinator.
CREATE TABLE "login_throttle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex: pruning deletes rows whose window has passed.
CREATE INDEX "login_throttle_window_start_idx" ON "login_throttle"("window_start");
