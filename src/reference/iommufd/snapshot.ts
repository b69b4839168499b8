/**
 * The observable state of the iommufd reference, as schemas/snapshot.schema.json (IommufdSnapshot)
 * describes it: integers that may exceed 2^53 as decimal strings, every list sorted as the schema says.
 */
import type { IommufdCtx } from './objects.ts';

export interface IommufdSnapshot {
  profile: 'iommufd';
  objects: { id: number; kind: string }[];
  mappings: { ioas: number; iova: string; length: string }[];
  attachments: { device: number; hwpt: number }[];
  iotlb: { hwpt: number; entries: string[] }[];
  faults: { id: number; queued: number; outstanding: string[] }[];
}

export function snapshot(ctx: IommufdCtx): IommufdSnapshot {
  const objects = ctx.liveObjects();
  const snap: IommufdSnapshot = {
    profile: 'iommufd',
    objects: [],
    mappings: [],
    attachments: [],
    iotlb: [],
    faults: [],
  };
  for (const obj of objects) {
    snap.objects.push({ id: obj.id, kind: obj.kind });
    switch (obj.kind) {
      case 'ioas':
        for (const a of obj.iopt.areas) {
          snap.mappings.push({ ioas: obj.id, iova: a.iova.toString(), length: a.length.toString() });
        }
        break;
      case 'device':
        // Stryker disable next-line ConditionalExpression: between calls every live device is attached (mock_domain binds and attaches in one call, stdev destroy detaches and unbinds)
        if (obj.hwpt) snap.attachments.push({ device: obj.id, hwpt: obj.hwpt.id });
        break;
      case 'hwpt_nested':
        if (obj.domain.iotlb) {
          snap.iotlb.push({ hwpt: obj.id, entries: obj.domain.iotlb.map(String) });
        }
        break;
      case 'fault':
        snap.faults.push({
          id: obj.id,
          queued: obj.deliver.length,
          outstanding: [...obj.response.keys()].sort((a, b) => a - b).map(String),
        });
        break;
      // Stryker disable next-line ConditionalExpression: the other kinds add nothing but their object entry
      default:
        break;
    }
  }
  return snap;
}
