import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A struct as a real header defines it: top-level members with offset, size and C type (an anonymous union is "(union)"). */
export interface ImportedLayout {
  name: string;
  size: number;
  fields: { name: string; offset: number; size: number; ctype: string }[];
}

const MEMBER = /^\t(.+?)\s+([A-Za-z_][A-Za-z0-9_]*)(\[\d+\])?(\s+__attribute__\(\(__aligned__\((\d+)\)\)\))?;\s*\/\*\s*(\d+)\s+(\d+)\s*\*\//;
const CLOSE = /^\t\}\s*([A-Za-z_][A-Za-z0-9_]*)?;\s*\/\*\s*(\d+)\s+(\d+)\s*\*\//;
const SIZE = /\/\* size: (\d+),/;

/** Reads pahole's text output for one struct (members at the first level of indentation only). */
export function parsePahole(name: string, text: string): ImportedLayout {
  const fields: ImportedLayout['fields'] = [];
  let size = -1;
  let depth = 0;
  let unionKind = '';
  for (const line of text.split('\n')) {
    const sizeMatch = SIZE.exec(line);
    if (sizeMatch && depth === 0) size = Number(sizeMatch[1]);
    if (depth === 0) {
      const m = MEMBER.exec(line);
      if (m) {
        const [, type, member, array, , align, offset, bytes] = m;
        const ctype = (align === '8' && type === '__u64' ? '__aligned_u64' : type!.trim()) + (array ?? '');
        fields.push({ name: member!, offset: Number(offset), size: Number(bytes), ctype });
        continue;
      }
      const open = /^\t(union|struct)\s*\{/.exec(line);
      if (open) {
        depth = 1;
        unionKind = open[1]!;
        continue;
      }
    } else {
      if (/^\t\t.*\{\s*$/.test(line)) depth++;
      const close = CLOSE.exec(line);
      if (close && depth === 1) {
        fields.push({ name: close[1] ?? '(union)', offset: Number(close[2]), size: Number(close[3]), ctype: unionKind });
        depth = 0;
      } else if (/^\t\t\}/.test(line)) depth--;
    }
  }
  if (size < 0) throw new Error(`pahole printed no size for struct ${name}`);
  return { name, size, fields };
}

/**
 * Compiles a header with the system C compiler (with debug info) and reads each struct's layout with
 * pahole. The header is copied into a private linux/ folder, so a uapi header of a kernel headers
 * package compiles against the system's linux/types.h.
 */
export function importHeader(header: string, structs: string[]): ImportedLayout[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-header-'));
  try {
    mkdirSync(path.join(dir, 'linux'));
    copyFileSync(header, path.join(dir, 'linux', path.basename(header)));
    const source = [`#include <linux/${path.basename(header)}>`, ...structs.map((s, i) => `struct ${s} __import_${i};`)].join('\n') + '\n';
    writeFileSync(path.join(dir, 'probe.c'), source);
    execFileSync('gcc', ['-g', '-c', '-I', dir, '-o', path.join(dir, 'probe.o'), path.join(dir, 'probe.c')], { stdio: ['ignore', 'pipe', 'pipe'] });
    return structs.map((s) => parsePahole(s, execFileSync('pahole', ['-C', s, path.join(dir, 'probe.o')], { encoding: 'utf8' })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
