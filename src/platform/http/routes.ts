import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../module.ts';

/**
 * A module's routes are Fastify plugins, each mounted under a prefix in its own encapsulated scope,
 * typed by the TypeBox type provider: a handler's `request.body`, `params` and `query` have the
 * types of its schemas, with no casts.
 */
export type RouteScope = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Who a plugin's routes answer, which decides what the platform does around them:
 * - `public`: HTML pages and forms for everyone; hidden from the OpenAPI document.
 * - `staff`: HTML pages and forms for signed-in staff; anyone else is sent to sign in first
 *   (each route still checks its own rule with `requireStaff`); hidden from the OpenAPI document.
 * - `api`: JSON for programs; documented in the OpenAPI document, errors as JSON.
 * - `live`: event streams (server-sent events) and the like; documented.
 */
export type RouteArea = 'public' | 'staff' | 'api' | 'live';

export interface RoutePlugin {
  area: RouteArea;
  /** Every path the plugin declares is under it ('' for the site's root). */
  prefix: string;
  register(scope: RouteScope, platform: Platform): Promise<void> | void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The area of the plugin that declared the route (see `RouteArea`). */
    area?: RouteArea;
  }
}

/** Mounts one plugin: its own scope and prefix, its area's rules, the TypeBox type provider. */
export async function mountRoutes(app: FastifyInstance, platform: Platform, plugin: RoutePlugin): Promise<void> {
  await app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, area: plugin.area };
        if (plugin.area === 'public' || plugin.area === 'staff') route.schema = { hide: true, ...route.schema };
      });
      await plugin.register(scope.withTypeProvider<TypeBoxTypeProvider>(), platform);
    },
    { prefix: plugin.prefix },
  );
}
