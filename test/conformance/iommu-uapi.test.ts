import { conformanceSuite } from './harness.ts';

conformanceSuite('iommu-uapi');
