import { MUTANTS } from '../adapters/mutants.ts';

/** Lists the adapters a run accepts, and every mutant with the requirements it breaks. */
export function adaptersCommand(options: { json?: boolean }): void {
  const adapters = [
    { spec: 'reference', description: 'the reference implementation, in process' },
    { spec: 'exec:<command>', description: 'any program speaking the exec protocol (docs/adapter-protocol.md)' },
    { spec: 'kernel', description: 'the real Linux 6.12 (iommufd, mock IOMMU driver) under QEMU; npm run kernel:build first' },
    ...MUTANTS.map((m) => ({ spec: `mutant:${m.name}`, description: `the reference with the defect ${m.defect}`, profile: m.profile, breaks: m.breaks })),
  ];
  if (options.json) {
    console.log(JSON.stringify(adapters, null, 2));
    return;
  }
  for (const a of adapters) console.log(`${a.spec.padEnd(52)} ${a.description}${'breaks' in a ? ` (breaks ${a.breaks.join(', ')})` : ''}`);
}
