import { int, type QueryDefinition } from '../../define.ts';
import { get, ofKind, domainsOf, type IommufdState } from '../state.ts';

export const objectBusy: QueryDefinition<IommufdState> = {
  name: 'object-busy',
  doc: 'True when the object has dependants: an IOAS with a paging HWPT on it; a paging HWPT with nested children or an attached device; a nested HWPT with an attached device; a fault object a HWPT references or whose fd is open; a device (its selftest object owns it). The VFIO compatibility pointer is not a dependant, and a selftest device object is never busy.',
  args: { id: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const id = int(a, 'id');
    const o = s.objects.get(id);
    const attached = () => ofKind(s, 'device').some((d) => d.hwpt === id);
    switch (o?.kind) {
      case 'ioas':
        return domainsOf(s, id).length > 0;
      case 'hwpt_paging':
        return attached() || ofKind(s, 'hwpt_nested').some((h) => h.parent === id);
      case 'hwpt_nested':
        return attached();
      case 'fault':
        return o.fdOpen || ofKind(s, 'hwpt_nested').some((h) => h.fault === id);
      case 'device':
        return true;
      default:
        return false;
    }
  },
};
