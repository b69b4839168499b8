import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The checkout root: spec data and schemas are read from here, wherever the command is run from. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemasDir = path.join(projectRoot, 'schemas');
export const specDir = path.join(projectRoot, 'spec');
