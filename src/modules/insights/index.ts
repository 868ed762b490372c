export { refreshInsights, latestRefresh, REFRESH_MINUTES } from './refresh/service.ts';
export { releaseDueMonths } from './transparency/release.ts';
