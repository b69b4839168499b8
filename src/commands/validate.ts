import { loadCheckedSpec } from '../spec/checked-spec.ts';

export function validateCommand(): void {
  const { spec, warnings } = loadCheckedSpec();
  const versions = [...spec.layouts.values()].reduce((n, l) => n + l.doc.versions.length, 0);
  const rows = [...spec.tables.values()].reduce((n, t) => n + t.doc.rows.length, 0);
  for (const w of warnings) console.log(`warning: ${w.message}`);
  console.log(
    `spec valid: ${spec.requirements.size} requirements, ${spec.layouts.size} layouts (${versions} versions), ` +
      `${spec.tables.size} rule tables (${rows} rows)${warnings.length ? `, ${warnings.length} warnings` : ''}`,
  );
}
