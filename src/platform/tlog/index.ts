export { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash, rootFromLeafHashes } from './hash.ts';
export { verifyConsistency, verifyInclusion } from './verify.ts';
export { SIGNATURE_TYPE_COSIGNATURE, SIGNATURE_TYPE_ED25519 } from './keys.ts';
export * from './note.ts';
export * from './checkpoint.ts';
export * from './cosignature.ts';
export * from './witness-request.ts';
