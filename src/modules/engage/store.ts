/** Every sub-feature's SQL under one name, for the module's pages, channels, summary and demo. */
export * from './schedule/store.ts';
export * from './questions/store.ts';
export * from './moderation/store.ts';
export * from './console/store.ts';
export * from './live/store.ts';
