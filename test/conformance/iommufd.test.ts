import { conformanceSuite } from './harness.ts';

conformanceSuite('iommufd');
