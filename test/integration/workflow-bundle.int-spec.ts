import { join } from 'node:path';
import { bundleWorkflows, tsconfigAliases } from '@app/temporal-worker';

/**
 * The worker bundles the workflow code with Temporal's bundler, which runs it in a deterministic
 * sandbox. A workflow that imports a Node built-in, Nest, TypeORM or our I/O libraries must fail
 * here, in CI, and not in production.
 */
describe('workflow bundle', () => {
  it('bundles the workflows, resolving the tsconfig path aliases', async () => {
    const bundle = await bundleWorkflows();
    expect(bundle.code).toContain('caseWorkflow');
    expect(tsconfigAliases()['@app/workflows']).toMatch(/workflows$/);
  });

  const fixtures = join(__dirname, '..', 'fixtures', 'bad-workflows');
  it.each([
    ['a Node built-in', 'imports-node-builtin.workflow.ts', /disallowed modules:\s+- 'fs'/],
    ['Nest', 'imports-nest.workflow.ts', /"@nestjs\/common" imported by .*imports-nest\.workflow\.ts is not allowed/],
    ['TypeORM', 'imports-typeorm.workflow.ts', /"typeorm" imported by .*imports-typeorm\.workflow\.ts is not allowed/],
    ['the persistence library', 'imports-persistence.workflow.ts', /"@app\/persistence" imported by .*imports-persistence\.workflow\.ts is not allowed/],
  ])('refuses workflow code that imports %s', async (_what, file, named) => {
    await expect(bundleWorkflows(join(fixtures, file))).rejects.toThrow(named);
  });
});
