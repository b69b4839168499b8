import { describe, expect, it } from 'vitest';
import type { CallResult, Segment } from '../../../src/adapters/call.ts';
import { encodeStruct } from '../../../src/layout/codec.ts';
import { LayoutRegistry } from '../../../src/layout/registry.ts';
import type { Layout } from '../../../src/spec/generated/layout.ts';
import type { RuleTable } from '../../../src/spec/generated/rule-table.ts';
import type { Spec } from '../../../src/spec/load.ts';
import { Oracle } from '../../../src/spec/oracle/oracle.ts';
import { byName, int, type EffectDefinition, type ProfileVocabulary } from '../../../src/spec/vocabulary/define.ts';

// A toy profile: one counter in the state, a "bump" effect, a "count" query, and a made-up struct.
type Toy = { count: bigint; ids: Set<bigint> };
const toy: ProfileVocabulary<Toy> = {
  profile: 'iommufd',
  initialState: () => ({ count: 0n, ids: new Set() }),
  clone: (s) => ({ count: s.count, ids: new Set(s.ids) }),
  snapshot: (s) => ({ count: String(s.count) }),
  isFreshId: (s, id) => !s.ids.has(id),
  queries: byName({ name: 'count', doc: 'the counter', args: {}, returns: 'int', evaluate: (s) => s.count }),
  effects: byName<EffectDefinition<Toy>>(
    { name: 'bump', doc: 'adds by', args: { by: 'expression' }, apply: (s, a) => void (s.count += int(a, 'by')) },
    { name: 'own', doc: 'records an id', args: { id: 'expression' }, apply: (s, a) => void s.ids.add(int(a, 'id')) },
  ),
};

const source = [{ kind: 'document' as const, title: 'test', says: 'made up for the test' }];
const layout: Layout = {
  name: 'toy',
  profile: 'iommufd',
  usage: 'argument',
  description: 'a toy argument struct',
  flagSets: { toy_flags: { TOY_A: 1, TOY_B: 2 } },
  versions: [
    {
      version: 1,
      label: 'v1',
      since: 'test',
      sources: source as never,
      size: 16,
      minSize: 8,
      align: 8,
      fields: [
        { name: 'size', ctype: '__u32', offset: 0, size: 4, role: 'size' },
        { name: 'flags', ctype: '__u32', offset: 4, size: 4, role: 'flags', flagSet: 'toy_flags', valid: ['TOY_A', 'TOY_B'] },
        { name: 'out_id', ctype: '__u32', offset: 8, size: 4, role: 'output' },
        { name: 'n', ctype: '__u32', offset: 12, size: 4, role: 'payload' },
      ],
    },
  ],
};
const entry: Layout = {
  name: 'toy_entry',
  profile: 'iommufd',
  usage: 'driver-data',
  description: 'an entry',
  versions: [{ version: 1, label: 'v1', since: 'test', sources: source as never, size: 4, align: 4, fields: [{ name: 'v', ctype: '__u32', offset: 0, size: 4, role: 'payload' }] }],
};

function row(id: string, when: unknown, then: unknown, extra: Record<string, unknown> = {}) {
  return { id, requirements: ['SIZE-003@1'], when, then, ...extra };
}
function table(operation: string, rows: unknown[], extra: Partial<RuleTable> = {}): RuleTable {
  return { operation, profile: 'iommufd', kind: 'operation', title: operation, struct: 'toy', sources: source as never, rows: rows as never, ...extra };
}

const tables: RuleTable[] = [
  table('iommufd.op', [
    row('short', { lt: [{ size: true }, { minSize: '' }] }, { errno: 'EINVAL' }),
    row('flags', { bitsOutside: [{ field: 'flags' }, { validFlags: 'flags' }] }, { errno: 'EOPNOTSUPP' }),
    row('either', { hasBits: [{ field: 'flags' }, 2] }, { anyOf: [{ errno: 'EBUSY' }, 'continue'] }),
    row('new-only', { ne: [{ field: 'n' }, 0] }, { errno: 'EINVAL' }, { kernel: { from: '6.13' } }),
    row('ok', true, {
      ok: {
        writeback: [{ field: 'out_id', fresh: 'thing' }],
        effects: [
          { effect: 'bump', by: 1 },
          { effect: 'own', id: { written: 'out_id' } },
        ],
      },
    }),
  ]),
  table('iommufd.batch', [
    row('entries', true, { forEach: { address: { add: [{ arg: 'argp' }, 16] }, count: { field: 'n' }, stride: 4, struct: 'toy_entry', check: 'iommufd.entry', progress: { writeback: 'out_id' } } }),
    row('ok', true, { ok: {} }),
  ]),
  table('iommufd.entry', [row('zero', { eq: [{ field: 'v' }, 0] }, { errno: 'EINVAL' }), row('ok', true, { ok: { effects: [{ effect: 'bump', by: { field: 'v' } }] } })], {
    kind: 'check',
    struct: 'toy_entry',
  }),
];

const spec = {
  requirements: new Map(),
  layouts: new Map(),
  tables: new Map(tables.map((t) => [t.operation, { file: 'test', doc: t }])),
  registry: new LayoutRegistry([layout, entry]),
} as unknown as Spec;
const oracle = new Oracle(spec, { iommufd: toy } as never);

const BASE = 0x10000n;
function call(op: string, size: number, fields: Record<string, bigint>, tail: Uint8Array = new Uint8Array()) {
  const bytes = new Uint8Array(Math.max(size, 16) + tail.length);
  bytes.set(encodeStruct(spec.registry, 'toy', { size: BigInt(size), ...fields }, undefined, 16));
  bytes.set(tail, 16);
  const memory: Segment[] = [{ addr: BASE, bytes: bytes.subarray(0, Math.max(size, 16 + tail.length)), writable: true }];
  return { op, argp: BASE, args: {}, memory };
}
function answer(c: ReturnType<typeof call>, errno?: string, patch?: (b: Uint8Array) => void): CallResult {
  const memory = c.memory.map((s) => ({ ...s, bytes: new Uint8Array(s.bytes) }));
  patch?.(memory[0]!.bytes);
  return errno ? { errno, memory } : { memory };
}
const target = (kernel = '6.12') => ({ kernel, structs: {} });

describe('the oracle', () => {
  it('decides by the first row that holds, in order', () => {
    const s = oracle.session('iommufd', {}, target());
    const e = s.expect(call('iommufd.op', 4, { flags: 8n }));
    expect(e.branches.map((b) => b.errnos)).toEqual([['EINVAL']]);
    expect(s.expect(call('iommufd.op', 16, { flags: 8n })).branches.map((b) => b.errnos)).toEqual([['EOPNOTSUPP']]);
  });

  it('offers every outcome an anyOf allows, continuing with the rows after it', () => {
    const s = oracle.session('iommufd', {}, target());
    const e = s.expect(call('iommufd.op', 16, { flags: 2n }));
    expect(e.branches.map((b) => `${b.kind}:${b.trace.at(-1)!.row}`)).toEqual(['errno:either', 'ok:ok']);
  });

  it('skips rows tagged for other kernel versions', () => {
    const c = call('iommufd.op', 16, { n: 1n });
    expect(oracle.session('iommufd', {}, target('6.12')).expect(c).branches[0]!.kind).toBe('ok');
    expect(oracle.session('iommufd', {}, target('6.13')).expect(c).branches[0]!.errnos).toEqual(['EINVAL']);
  });

  it('accepts a conformant success and moves the state with the written id', () => {
    const s = oracle.session('iommufd', {}, target());
    const c = call('iommufd.op', 16, {});
    const j = s.judge(s.expect(c), answer(c, undefined, (b) => (b[8] = 7)));
    expect(j).toMatchObject({ conformant: true, decidedBy: { table: 'iommufd.op', row: 'ok' } });
    expect(s.snapshot()).toEqual({ count: '1' });
    // The same id again is not fresh any more.
    const j2 = s.judge(s.expect(c), answer(c, undefined, (b) => (b[8] = 7)));
    expect(j2.conformant).toBe(false);
    expect(j2.problems[0]!.message).toMatch(/out_id = 7 is not a new thing id/);
  });

  it('names the wrong errno, the missing writeback, and a stray write', () => {
    const s = oracle.session('iommufd', {}, target());
    const c = call('iommufd.op', 16, { flags: 8n });
    expect(s.judge(s.expect(c), answer(c)).problems).toEqual([{ aspect: 'outcome', message: 'got success, expected EOPNOTSUPP' }]);
    const stray = s.judge(s.expect(c), answer(c, 'EOPNOTSUPP', (b) => (b[12] = 1)));
    expect(stray.problems).toEqual([{ aspect: 'memory', message: expect.stringMatching(/wrote 0x1 at 0x1000c, outside what the operation may write/) }]);
    const ok = call('iommufd.op', 16, {});
    expect(s.judge(s.expect(ok), answer(ok)).problems).toEqual([{ aspect: 'writeback', message: 'out_id = 0 is not a new thing id' }]);
  });

  it('runs a check table over each entry, stops at the first bad one and writes its index back', () => {
    const s = oracle.session('iommufd', {}, target());
    const c = call('iommufd.batch', 16, { n: 3n }, new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]));
    const e = s.expect(c);
    expect(e.branches.map((b) => b.errnos)).toEqual([['EINVAL']]);
    // The first entry took effect before the second stopped the batch; out_id must say 1.
    const j = s.judge(e, answer(c, 'EINVAL', (b) => (b[8] = 1)));
    expect(j.conformant).toBe(true);
    expect(s.snapshot()).toEqual({ count: '5' });
    const wrong = s.judge(s.expect(c), answer(c, 'EINVAL'));
    expect(wrong.problems).toEqual([{ aspect: 'writeback', message: 'out_id is 0x0, expected 0x1' }]);
  });
});
