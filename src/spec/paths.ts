import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The checkout root: spec data and schemas are read from here, wherever the command is run from. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemasDir = path.join(projectRoot, 'schemas');
let currentSpecDir = path.join(projectRoot, 'spec');

/** The spec folder in use: the checkout's, unless the command line named another (--spec). */
export function specDir(): string {
  return currentSpecDir;
}

export function setSpecDir(dir: string): void {
  currentSpecDir = path.resolve(dir);
}

/** Case templates and scenarios of the conformance suite. */
export const casesDir = path.join(projectRoot, 'test', 'conformance', 'cases');
