-- For an anonymous report's photos: the copy investigators see, with its metadata (EXIF, XMP: where the photo was
-- taken, the camera and phone, the time) removed. `sha256` stays the file as received, the chain of custody's
-- record; `shown_sha256` is null where the file had nothing to remove or was not a photo.
alter table evidence add column shown_sha256 text check (shown_sha256 ~ '^[0-9a-f]{64}$');
create index evidence_shown_sha256 on evidence (shown_sha256) where shown_sha256 is not null;
