import { type QueryDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const objectsExist: QueryDefinition<IommufdState> = {
  name: 'objects-exist',
  doc: 'True when the context holds any object.',
  args: {},
  returns: 'bool',
  evaluate: (s) => s.objects.size > 0,
};
