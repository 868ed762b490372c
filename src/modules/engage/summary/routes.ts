import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/module.ts';

/** A session's summary: the page and its PDF. */
export function registerSummaryRoutes(_app: FastifyInstance, _platform: Platform): void {}
