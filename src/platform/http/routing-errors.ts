/**
 * Errors found before any route runs: no route for the path, a route for the
 * path but not for the method, a path that does not decode, a path segment
 * longer than the router takes. Each is answered in the service's error body,
 * or in the body of the part of the service that owns the path.
 *
 * - A known path with another method is `405` with `Allow` (RFC 9110
 *   §15.5.6: the server MUST list the methods the resource supports), not
 *   `404`: the client has the right URL and the wrong verb.
 * - A part of a service with an error format of its own (the hub's pages
 *   render HTML, its OAuth endpoints RFC 6749 JSON) declares itself with
 *   `app.routingSurface(…)`. A surface may also name the methods of paths
 *   that are served outside Fastify (the OAuth library's), for `Allow`.
 * - Fastify hands bad escapes and over-long segments to `frameworkErrors`
 *   outside the request lifecycle: no hook has run, so the request id
 *   header is set here.
 *
 * create-server.test.ts and src/hub/routing-errors.test.ts walk every route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { AppError } from '../errors/app-error.ts';
import { PlatformErrors } from '../errors/platform-errors.ts';
import type { ServiceDefinition } from './service.ts';

export interface RoutingSurface {
  /** Whether `path` (without the query) belongs to this surface. */
  readonly owns: (path: string) => boolean;
  /** Methods served for `path` outside Fastify's router, if any. */
  readonly methods?: (path: string) => readonly string[];
  readonly respond: (error: AppError, request: FastifyRequest) => { readonly contentType: string; readonly body: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Declares a part of the service whose routing errors have their own body (see routing-errors.ts). */
    routingSurface(surface: RoutingSurface): void;
  }
}

/**
 * A surface of server-rendered pages: the paths whose first segment is one of the routes registered
 * in `app` from now on (`/settings/…` for a route `/settings/x`), and `/` when `root` is.
 */
export function pageSurface(app: FastifyInstance, respond: (error: AppError) => string, options: { root: boolean } = { root: false }): void {
  const firstSegments = new Set<string>();
  app.addHook('onRoute', (route) => {
    firstSegments.add(route.url.split('/')[1]!);
  });
  app.routingSurface({
    owns: (path) => {
      const first = path.split('/')[1]!;
      return (options.root && path === '/') || (first !== '' && firstSegments.has(first));
    },
    respond: (error) => ({ contentType: 'text/html; charset=utf-8', body: respond(error) }),
  });
}

/** The methods a route may be declared for; `Allow` lists those that match the path. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The longest path segment the router matches. The longest id an API takes is the importer's, 500
 * characters (docs/importer.md), and the router measures a segment decoded, in UTF-16 code units: up to
 * 1000 for characters outside the Basic Multilingual Plane.
 */
export const MAX_PATH_SEGMENT_LENGTH = 1000;

/** For messages: a path as the client sent it, cut to a length a message can carry. */
function shown(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0]!;
}

/** `frameworkErrors` goes to Fastify's constructor; `install` sets the rest up on the instance it made. */
export function routingErrors(service: ServiceDefinition) {
  const surfaces: RoutingSurface[] = [];

  const send = (error: AppError, request: FastifyRequest, reply: FastifyReply) => {
    reply.code(error.statusCode).headers(error.headers).header('x-request-id', request.id);
    const surface = surfaces.find((s) => s.owns(pathOf(request)));
    if (!surface) return reply.type('application/json; charset=utf-8').send(service.formatError(error, request));
    const { contentType, body } = surface.respond(error, request);
    return reply.type(contentType).send(body);
  };

  const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, request, reply) => {
    const path = shown(pathOf(request));
    if (error.code === 'FST_ERR_BAD_URL') return send(PlatformErrors.PLATFORM_BAD_URL([path]), request, reply);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(PlatformErrors.PLATFORM_PATH_SEGMENT_TOO_LONG([path, MAX_PATH_SEGMENT_LENGTH]), request, reply);
    request.log.error({ err: error }, 'request failed');
    return send(PlatformErrors.PLATFORM_INTERNAL([request.id], { cause: error }), request, reply);
  };

  function install(app: FastifyInstance): void {
    app.decorate('routingSurface', (surface: RoutingSurface) => {
      surfaces.push(surface);
    });
    app.setNotFoundHandler((request, reply) => {
      const path = pathOf(request);
      const served = new Set(surfaces.flatMap((s) => (s.owns(path) ? (s.methods?.(path) ?? []) : [])));
      const allowed = METHODS.filter((method) => served.has(method) || app.findRoute({ method, url: path }) !== null);
      if (allowed.length === 0) return send(PlatformErrors.PLATFORM_ROUTE_NOT_FOUND([request.method, shown(path)]), request, reply);
      const allow = allowed.join(', ');
      return send(PlatformErrors.PLATFORM_METHOD_NOT_ALLOWED([request.method, shown(path), allow], { headers: { allow } }), request, reply);
    });
  }

  return { frameworkErrors, install };
}
