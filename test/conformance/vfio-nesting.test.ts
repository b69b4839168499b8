import { conformanceSuite } from './harness.ts';

conformanceSuite('vfio-nesting');
