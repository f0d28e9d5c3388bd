-- Long-lived API keys: a bearer token accepted wherever a JWT is (OpenAI SDKs send their key that
-- way). The key itself is shown once and never stored: only the SHA-256 of the whole key, looked up
-- by index on every request. A key has 256 random bits, so a fast hash is enough (no dictionary to
-- guess from); a slow salted one (bcrypt) would cost tens of ms on every request and allow no lookup.
-- Revoking deletes the row: the next request with the key finds nothing, on every API node.
CREATE TABLE api_keys (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id      TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    prefix        TEXT        NOT NULL,            -- the key's first characters, to tell keys apart in lists
    key_hash      BYTEA       NOT NULL UNIQUE,     -- SHA-256 of the whole key
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ                      -- written at most once a minute per key, not on every request
);
CREATE INDEX api_keys_owner_idx ON api_keys (owner_id, id);
