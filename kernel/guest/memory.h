/* SPDX-License-Identifier: MIT */
/*
 * The user memory of one call (docs/adapter-protocol.md): each segment is mapped at its exact address,
 * on anonymous private pages of its own, with PROT_NONE guard pages around every run of pages, so any
 * other address faults as the protocol demands. A segment that is not writable is mapped read-only.
 */
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct segment {
	uint64_t addr;
	size_t len;
	bool writable;
	uint8_t *bytes; /* the request's bytes, decoded */
};

struct call_memory {
	struct segment *seg;
	size_t nseg;
	/* What was mapped (data runs and guards), to unmap after the call. */
	struct { uintptr_t addr; size_t len; } *maps;
	size_t nmaps;
};

/* Maps every segment and copies its bytes in. False with a message in err when an address cannot be
 * mapped (it collides with the guest's own memory, or is below mmap_min_addr). */
bool memory_map(struct call_memory *m, char *err, size_t errlen);
/* Unmaps everything memory_map() mapped and frees the segments. */
void memory_release(struct call_memory *m);
/* The address of a segment's bytes as the process sees them now (after the call). */
static inline const uint8_t *segment_now(const struct segment *s)
{
	return (const uint8_t *)(uintptr_t)s->addr;
}

#endif
