import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { readHttpSecurityConfig } from '@app/config';
import { JsonNestLogger } from '@app/logging';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { PlainInputPipe } from './common/plain-input.pipe';
import { ProblemDetailsFilter, validationProblem } from './common/problem-details';
import { CSP_DIRECTIVES, webUiMiddleware } from './web/web-ui';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = '2mb';

/**
 * Security headers on every answer (helmet's defaults: nosniff, no framing, no referrer, HSTS, the
 * cross-origin isolation headers), with the web UI's content security policy: no inline script or
 * style, nothing from another origin. The OpenAPI page (Swagger UI) writes inline styles, so it
 * alone may. `upgrade-insecure-requests` is left out: the embedded stack serves plain HTTP.
 */
function securityHeaders(): (request: Request, response: Response, next: NextFunction) => void {
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES } }, frameguard: { action: 'deny' } });
  const docs = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"] } },
    frameguard: { action: 'deny' },
  });
  return (request, response, next) => (request.path === '/api/docs' || request.path.startsWith('/api/docs/') ? docs : strict)(request, response, next);
}

/** The API under `/api/v1`; the health probe stays at `/health`. */
export function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
}

/**
 * The OpenAPI document of the app's routes: what `/api/docs-json` serves, and what the web's types
 * are generated from (`infra/openapi.ts`, which builds it from the app in preview mode).
 */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Secondment engine API')
      .setDescription('Secondments (biệt phái), rotations (luân chuyển) and transfers (điều động) of civil servants, from nomination to return. Errors are application/problem+json (RFC 9457).')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/auth/login' })
      .build(),
  );
}

/** The API as `main.ts` runs it and as the end-to-end specs start it: same pipes, filters and docs. */
export async function createApiApp(): Promise<INestApplication> {
  const http = readHttpSecurityConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: new JsonNestLogger('api') });
  // Behind TRUST_PROXY proxies, the client's address (the sign-in limit per address) is read from X-Forwarded-For.
  if (http.trustProxyHops > 0) app.set('trust proxy', http.trustProxyHops);
  app.use(securityHeaders());
  // CORS stays closed (no Access-Control-Allow-Origin, preflights refused) unless CORS_ORIGINS names
  // origins. Bearer tokens, not cookies: no credentials mode.
  if (http.corsOrigins.length > 0) {
    app.enableCors({
      origin: http.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language'],
      exposedHeaders: ['Retry-After', 'Idempotent-Replayed', 'Content-Disposition', 'Location'],
      maxAge: 600,
    });
  }
  // A batch of 1,000 nominations (MAX_NOMINATIONS_PER_BATCH) is about 500 kB; the default 100 kB would refuse it.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // The web UI (apps/web, built into dist/web) at `/`; the API keeps `/api` and `/health`.
  app.use(webUiMiddleware());
  useApiPrefix(app);
  app.useGlobalPipes(
    new PlainInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationProblem,
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = createApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
  return app;
}
