// @ts-check
// Stryker ignorer: the reference checks `defects.has('<name>')` or `ctx.defect('<name>')` to turn itself into a mutant adapter.
// With no defect selected, the lookup is always false: replacing it (or its negation) by the constant it
// already has, or changing the name looked up, is an equivalent mutant for the reference; the switches themselves are exercised by
// test/unit/adapters/mutants.test.ts, where each defect must be caught on the requirement it breaks.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** @param {import('@babel/core').NodePath} path */
function isDefectLookup(path) {
  return isLookup(path.node) || (path.node.type === 'UnaryExpression' && path.node.operator === '!' && isLookup(path.node.argument));
}

/** @param {import('@babel/types').Node} node */
function isLookup(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const { object, property } = node.callee;
  if (property.type !== 'Identifier') return false;
  if (property.name === 'defect') return true; // ctx.defect('<name>')
  if (property.name !== 'has') return false;
  const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' && object.property.type === 'Identifier' ? object.property.name : '';
  return name === 'defects' || name === 'defect';
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'defect-switch', {
    shouldIgnore(path) {
      return isDefectLookup(path) ? 'a defect switch: only the mutant adapters turn it on' : undefined;
    },
  }),
];
