/** The Open311 module's public face: issuing and revoking API keys for other civic apps. */
export { createApiKey, revokeApiKey, DEMO_API_KEY } from './service.ts';
