const MAX_ENTRY_SIZE = 0xffff;

/** An entry bundle (c2sp.org/tlog-tiles): each entry as a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(entries: readonly Buffer[]): Buffer {
  let total = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) throw new RangeError(`an entry of ${entry.length} bytes exceeds 65,535`);
    total += 2 + entry.length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const entry of entries) {
    at = out.writeUInt16BE(entry.length, at);
    at += entry.copy(out, at);
  }
  return out;
}

/** The entries of a bundle; throws if the data does not end exactly at an entry's end. */
export function decodeEntryBundle(data: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length) throw new RangeError('the entry bundle ends inside a length prefix');
    const length = data.readUInt16BE(at);
    at += 2;
    if (at + length > data.length) throw new RangeError('the entry bundle ends inside an entry');
    entries.push(Buffer.from(data.subarray(at, at + length)));
    at += length;
  }
  return entries;
}
