-- API keys of the apps that file reports through Open311 GeoReport v2.
-- Only the HMAC-SHA256 of a key under the server secret is kept; the key itself is shown once.

create table open311_api_keys (
  id bigserial primary key,
  key_hmac text not null unique check (key_hmac ~ '^[0-9a-f]{64}$'),
  label text not null check (length(label) between 1 and 200),
  created_at timestamptz not null default now(),
  created_by text not null,
  revoked_at timestamptz
);
