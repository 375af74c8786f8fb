// Jest's moduleNameMapper does not reach the global setup, which runs outside the test sandbox:
// resolve the same tsconfig `paths` here.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';

register({ baseUrl: join(__dirname, '..', '..'), paths: compilerOptions.paths });
