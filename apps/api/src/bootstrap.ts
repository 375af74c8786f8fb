import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonNestLogger } from '@app/logging';
import { AppModule } from './app.module';
import { ProblemDetailsFilter, validationProblem } from './common/problem-details';
import { webUiMiddleware } from './web/web-ui';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = '2mb';

/** The API as `main.ts` runs it and as the end-to-end specs start it: same pipes, filters and docs. */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: new JsonNestLogger('api') });
  // A batch of 1,000 nominations (MAX_NOMINATIONS_PER_BATCH) is about 500 kB; the default 100 kB would refuse it.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // The web UI (apps/web, built into dist/web) at `/`; the API keeps `/api` and `/health`.
  app.use(webUiMiddleware());
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationProblem,
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Secondment engine API')
      .setDescription('Secondments (biệt phái), rotations (luân chuyển) and transfers (điều động) of civil servants, from nomination to return. Errors are application/problem+json (RFC 9457).')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/auth/login' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
  return app;
}
