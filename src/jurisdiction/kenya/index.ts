/** Everything Kenyan Sauti relies on, in one place; another service supplies its own. */
export { counties } from './counties.ts';
export { stations, type StationSeed } from './stations.ts';
export { units, type UnitCode } from './units.ts';
export { misconductCategories, misconductCategory, type MisconductCategory } from './misconduct.ts';
export { canonicalServiceNumber, serviceNumberKey, serviceNumberExample } from './service-numbers.ts';
export { engageSchedule, engageTopics, engageStopWords, engageSynonyms, otherTopic, type EngageTopic } from './engage-topics.ts';

export const jurisdiction = {
  country: 'KE',
  timeZone: 'Africa/Nairobi',
  currency: 'KES',
  languages: ['en', 'sw'] as const,
  caseReferencePrefix: 'CASE',
};
