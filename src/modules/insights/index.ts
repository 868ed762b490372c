export { refreshInsights, latestRefresh, REFRESH_MINUTES } from './refresh/service.ts';
