// @ts-check
// Stryker ignorer for the defect switches. The reference turns itself into a mutant adapter by looking a
// defect up (`defects.has('<name>')`, `ctx.defect('<name>')`); with no defect selected every lookup is
// false. So, for the reference:
// - a lookup, or its negation, replaced by the constant it already has is an equivalent mutant, and so
//   is a change of the name looked up;
// - a statement guarded by a lookup (`if (defects.has(x) && ...) ...`) runs only in the mutant adapter,
//   so no mutation inside it can change the reference.
// The switches themselves are tested by test/unit/adapters/mutants.test.ts: each mutant adapter must
// fail the suite on the requirement its defect breaks.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** @param {import('@babel/types').Node} node */
function isLookup(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const { object, property } = node.callee;
  if (property.type !== 'Identifier') return false;
  if (property.name === 'defect') return true; // ctx.defect('<name>')
  if (property.name !== 'has') return false;
  const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' && object.property.type === 'Identifier' ? object.property.name : '';
  return name === 'defects';
}

/** True when `node` can only be true with a defect selected: a lookup, or a conjunction holding one. */
/** @param {import('@babel/types').Node} node */
function onlyInMutant(node) {
  if (isLookup(node)) return true;
  return node.type === 'LogicalExpression' && node.operator === '&&' && (onlyInMutant(node.left) || onlyInMutant(node.right));
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'defect-switch', {
    /** @param {import('@babel/core').NodePath} path */
    shouldIgnore(path) {
      const node = path.node;
      if (isLookup(node) || (node.type === 'UnaryExpression' && node.operator === '!' && isLookup(node.argument))) {
        return 'a defect lookup: always false in the reference, only the mutant adapters turn it on';
      }
      if (node.type === 'IfStatement' && onlyInMutant(node.test) && !node.alternate) {
        return 'a statement guarded by a defect lookup: it runs only in a mutant adapter';
      }
      return undefined;
    },
  }),
];
