/* Generated from schemas/snapshot.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * The observable object state of an implementation after a call, as an adapter reports it when asked to observe. The suite compares it with the oracle's. Integers that may exceed 2^53 are decimal strings; lists are sorted as described.
 */
export type Snapshot = IommuUapiSnapshot | VfioNestingSnapshot | IommufdSnapshot;
export type Decimal = string;
export type Id = number;

export interface IommuUapiSnapshot {
  profile: 'iommu-uapi';
  /**
   * Guest PASID bindings, by host PASID ascending.
   */
  bound: {
    hpasid: Decimal;
    gpasid: Decimal;
  }[];
  /**
   * Group ids of page requests awaiting a response, in the order they were reported.
   */
  pending: Decimal[];
  /**
   * Config of the attached PASID table; "0" when none.
   */
  pasidTable: string;
}
export interface VfioNestingSnapshot {
  profile: 'vfio-nesting';
  /**
   * Every container, by id ascending.
   */
  containers: {
    id: Id;
    /**
     * VFIO IOMMU type set on the container; 0 when none.
     */
    iommu: number;
    /**
     * Groups in the container, by id ascending, with their device counts.
     */
    groups: {
      id: Id;
      devices: number;
    }[];
    /**
     * PASIDs the container allocated, ascending.
     */
    pasids: Decimal[];
    /**
     * For every PASID with a guest page table bound, on how many of the container's devices; ascending by PASID.
     */
    binds: {
      pasid: Decimal;
      devices: number;
    }[];
    pasidTable: boolean;
  }[];
}
export interface IommufdSnapshot {
  profile: 'iommufd';
  /**
   * Every object, by id ascending.
   */
  objects: {
    id: Id;
    kind: 'ioas' | 'hwpt_paging' | 'hwpt_nested' | 'device' | 'stdev' | 'fault';
  }[];
  /**
   * Every IOVA mapping, by IOAS id then IOVA ascending.
   */
  mappings: {
    ioas: Id;
    iova: Decimal;
    length: Decimal;
  }[];
  /**
   * For every device, the HWPT it is attached to; by device id ascending.
   */
  attachments: {
    device: Id;
    hwpt: Id;
  }[];
  /**
   * The mock IOTLB entries of every nested HWPT of the mock driver, by HWPT id ascending.
   */
  iotlb: {
    hwpt: Id;
    entries: Decimal[];
  }[];
  /**
   * Every fault object: how many groups are queued for read() and the cookies delivered and not yet answered (ascending).
   */
  faults: {
    id: Id;
    queued: number;
    outstanding: Decimal[];
  }[];
}
