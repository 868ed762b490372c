-- Finding evidence by its file's SHA-256: a refused request asks whether a stored report holds
-- the same file before taking it back, and the orphan file sweep asks it of every old file.
create index evidence_sha256 on evidence (sha256);
