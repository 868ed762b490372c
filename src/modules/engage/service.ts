/** #EngageTheIG's services under one name. */
export * from './shared.ts';
export * from './schedule/generation.ts';
export * from './schedule/series.ts';
export * from './schedule/service.ts';
export * from './schedule/overview.ts';
export * from './questions/service.ts';
export * from './questions/votes.ts';
export * from './questions/session-page.ts';
export * from './moderation/service.ts';
export * from './console/service.ts';
export * from './console/cases.ts';
export * from './console/commitments.ts';
export * from './live/service.ts';
