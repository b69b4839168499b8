import type { Profile } from '../spec/generated/requirement.ts';
import { createIommufdKernel } from '../reference/iommufd/index.ts';
import { createIommuUapiKernel } from '../reference/iommu-uapi/index.ts';
import { createVfioNestingKernel } from '../reference/vfio-nesting/index.ts';
import type { ProfileKernel, ReferenceOptions } from '../reference/kernel/profile-kernel.ts';
import type { Adapter } from './adapter.ts';
import type { Description } from './call.ts';

/** The reference implementation, in process: the first evidence that the rules can be met. */
export class ReferenceAdapter implements Adapter {
  private readonly kernels: Record<Profile, ProfileKernel>;
  private current: ProfileKernel | undefined;

  constructor(
    readonly name = 'reference',
    private readonly options: ReferenceOptions = { kernel: '6.12', structs: {}, defects: new Set() },
    /** The profiles it claims (a mutant claims only the one its defect lives in). */
    private readonly claims: Profile[] = ['iommu-uapi', 'vfio-nesting', 'iommufd'],
  ) {
    this.kernels = {
      'iommu-uapi': createIommuUapiKernel(options),
      'vfio-nesting': createVfioNestingKernel(options),
      iommufd: createIommufdKernel(options),
    };
  }

  async describe(): Promise<Description> {
    const claim = { kernel: this.options.kernel, structs: this.options.structs };
    return { name: this.name, profiles: Object.fromEntries(this.claims.map((p) => [p, claim])) };
  }

  async reset(profile: Profile, config: Parameters<Adapter['reset']>[1]): Promise<void> {
    this.current = this.kernels[profile];
    this.current.reset(config);
  }

  async call(call: Parameters<Adapter['call']>[0]) {
    if (!this.current) throw new Error('call before reset');
    return this.current.call(call);
  }

  async observe(): Promise<unknown> {
    return this.current?.observe();
  }

  async close(): Promise<void> {}
}
