-- Sign-in knows a username or an API token, not yet a city. So that every key of city data starts with
-- the city (Citus shards by it), the two look-ups that precede the city — "whose username is this",
-- "whose token is this" — move to two small global directories, kept by triggers in the same
-- transaction as the account or token row (whoever writes it: the service, the seed, a bulk load).
-- On Citus they stay local to the coordinator, like login_throttle; usernames stay unique nationwide.

-- CreateTable
CREATE TABLE "account_directory" (
    "username" TEXT NOT NULL,
    "city_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,

    CONSTRAINT "account_directory_pkey" PRIMARY KEY ("username")
);

-- CreateTable
CREATE TABLE "api_token_directory" (
    "token_hash" TEXT NOT NULL,
    "city_id" UUID NOT NULL,
    "token_id" UUID NOT NULL,

    CONSTRAINT "api_token_directory_pkey" PRIMARY KEY ("token_hash")
);

INSERT INTO "account_directory" ("username", "city_id", "account_id") SELECT "username", "city_id", "id" FROM "account";
INSERT INTO "api_token_directory" ("token_hash", "city_id", "token_id") SELECT "token_hash", "city_id", "id" FROM "api_token";

-- DropIndex
DROP INDEX "account_username_key";
DROP INDEX "api_token_token_hash_key";

-- CreateIndex
CREATE UNIQUE INDEX "account_city_id_username_key" ON "account"("city_id", "username");
CREATE UNIQUE INDEX "api_token_city_id_token_hash_key" ON "api_token"("city_id", "token_hash");

-- Hand-written: the directories follow their rows.
CREATE FUNCTION "account_directory_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM "account_directory" WHERE "username" = OLD."username" AND "account_id" = OLD."id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "account_directory" ("username", "city_id", "account_id") VALUES (NEW."username", NEW."city_id", NEW."id");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "account_directory_sync" AFTER INSERT OR DELETE OR UPDATE OF "username", "city_id" ON "account"
  FOR EACH ROW EXECUTE FUNCTION "account_directory_sync"();

CREATE FUNCTION "api_token_directory_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM "api_token_directory" WHERE "token_hash" = OLD."token_hash" AND "token_id" = OLD."id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "api_token_directory" ("token_hash", "city_id", "token_id") VALUES (NEW."token_hash", NEW."city_id", NEW."id");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "api_token_directory_sync" AFTER INSERT OR DELETE OR UPDATE OF "token_hash", "city_id" ON "api_token"
  FOR EACH ROW EXECUTE FUNCTION "api_token_directory_sync"();
