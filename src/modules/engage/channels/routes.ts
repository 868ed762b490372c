import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/module.ts';

/** Questions arriving by SMS (Africa's Talking callback) and from X (the hashtag poller). */
export function registerChannelRoutes(_app: FastifyInstance, _platform: Platform): void {}
