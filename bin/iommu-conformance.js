#!/usr/bin/env node
// The command line is TypeScript; tsx compiles it on the fly so the checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
