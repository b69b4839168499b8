/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "memory.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096ull

struct run {
	uint64_t lo, hi; /* [lo, hi), page aligned */
};

static int cmp_run(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void remember(struct call_memory *m, uintptr_t addr, size_t len)
{
	m->maps = realloc(m->maps, (m->nmaps + 1) * sizeof(*m->maps));
	if (!m->maps)
		abort();
	m->maps[m->nmaps].addr = addr;
	m->maps[m->nmaps].len = len;
	m->nmaps++;
}

/* mmap at exactly addr, never over an existing mapping. */
static int map_exact(uint64_t addr, uint64_t len, int prot)
{
	void *p = mmap((void *)(uintptr_t)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	if ((uintptr_t)p != addr) {
		munmap(p, len);
		return -EEXIST;
	}
	return 0;
}

bool memory_map(struct call_memory *m, char *err, size_t errlen)
{
	struct run *runs = calloc(m->nseg + 1, sizeof(*runs));
	size_t nruns = 0;
	bool ok = false;

	if (!runs)
		abort();
	for (size_t i = 0; i < m->nseg; i++) {
		const struct segment *s = &m->seg[i];

		if (!s->len)
			continue;
		if (s->addr + s->len < s->addr || s->addr + s->len > 0x800000000000ull) {
			snprintf(err, errlen, "segment at 0x%llx (%zu bytes) is outside the user address space",
				 (unsigned long long)s->addr, s->len);
			goto out;
		}
		runs[nruns].lo = s->addr & ~(PAGE - 1);
		runs[nruns].hi = (s->addr + s->len + PAGE - 1) & ~(PAGE - 1);
		nruns++;
	}
	qsort(runs, nruns, sizeof(*runs), cmp_run);
	/* Segments on the same or adjacent pages share one run. */
	size_t merged = 0;

	for (size_t i = 0; i < nruns; i++) {
		if (merged && runs[i].lo <= runs[merged - 1].hi) {
			if (runs[i].hi > runs[merged - 1].hi)
				runs[merged - 1].hi = runs[i].hi;
		} else {
			runs[merged++] = runs[i];
		}
	}
	for (size_t i = 0; i < merged; i++) {
		int rc = map_exact(runs[i].lo, runs[i].hi - runs[i].lo, PROT_READ | PROT_WRITE);

		if (rc) {
			snprintf(err, errlen, "cannot map user memory [0x%llx, 0x%llx): %s",
				 (unsigned long long)runs[i].lo, (unsigned long long)runs[i].hi, strerror(-rc));
			goto out;
		}
		remember(m, runs[i].lo, runs[i].hi - runs[i].lo);
	}
	/* Guard pages: PROT_NONE, so nothing else of the guest can ever sit next to the call's memory. A page
	 * that is already mapped (the guest's own) is left alone; it is never one of a segment's neighbours
	 * in practice, as the suite's memory lies far from the program's. */
	for (size_t i = 0; i < merged; i++) {
		uint64_t guards[2] = { runs[i].lo - PAGE, runs[i].hi };

		for (int g = 0; g < 2; g++) {
			if (guards[g] < 0x10000 || guards[g] >= 0x800000000000ull)
				continue;
			if (!map_exact(guards[g], PAGE, PROT_NONE))
				remember(m, guards[g], PAGE);
		}
	}
	for (size_t i = 0; i < m->nseg; i++)
		memcpy((void *)(uintptr_t)m->seg[i].addr, m->seg[i].bytes, m->seg[i].len);
	/* A page holding only read-only segments becomes read-only; a page shared with a writable segment
	 * stays writable (the suite never shares pages between segments). */
	for (size_t i = 0; i < m->nseg; i++) {
		const struct segment *s = &m->seg[i];

		if (s->writable || !s->len)
			continue;
		for (uint64_t page = s->addr & ~(PAGE - 1); page < s->addr + s->len; page += PAGE) {
			bool shared = false;

			for (size_t j = 0; j < m->nseg; j++) {
				const struct segment *t = &m->seg[j];

				if (t->writable && t->len && t->addr < page + PAGE && t->addr + t->len > page)
					shared = true;
			}
			if (!shared && mprotect((void *)(uintptr_t)page, PAGE, PROT_READ)) {
				snprintf(err, errlen, "mprotect 0x%llx: %s", (unsigned long long)page, strerror(errno));
				goto out;
			}
		}
	}
	ok = true;
out:
	free(runs);
	return ok;
}

void memory_release(struct call_memory *m)
{
	for (size_t i = 0; i < m->nmaps; i++)
		munmap((void *)m->maps[i].addr, m->maps[i].len);
	for (size_t i = 0; i < m->nseg; i++)
		free(m->seg[i].bytes);
	free(m->seg);
	free(m->maps);
	memset(m, 0, sizeof(*m));
}
