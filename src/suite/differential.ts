import type { CaseResult } from './execute.ts';

/** One case where two implementations answered differently. */
export interface Difference {
  caseId: string;
  /** The first step (1-based, setup steps first) where the answers differ, or 0 when only the verdicts do. */
  step: number;
  a: string;
  b: string;
  /** The oracle's verdict on each. */
  verdicts: [string, string];
}

/**
 * Compares two runs of the same cases step by step: the errno (or success) of every call, and the
 * verdict. Object ids and cookies are the implementations' own choice, so the bytes are not compared.
 */
export function differences(a: CaseResult[], b: CaseResult[]): Difference[] {
  const other = new Map(b.map((r) => [r.id, r]));
  const out: Difference[] = [];
  for (const ra of a) {
    const rb = other.get(ra.id);
    if (!rb || ra.status === 'skip' || rb.status === 'skip') continue;
    const steps = Math.max(ra.answers?.length ?? 0, rb.answers?.length ?? 0);
    let step = 0;
    for (let i = 0; i < steps; i++) {
      if (ra.answers?.[i] !== rb.answers?.[i]) {
        step = i + 1;
        break;
      }
    }
    if (step || ra.status !== rb.status) {
      out.push({ caseId: ra.id, step, a: ra.answers?.[step ? step - 1 : steps - 1] ?? '-', b: rb.answers?.[step ? step - 1 : steps - 1] ?? '-', verdicts: [ra.status, rb.status] });
    }
  }
  return out;
}
