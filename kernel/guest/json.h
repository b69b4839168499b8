/* SPDX-License-Identifier: MIT */
/*
 * Just enough JSON for the exec protocol (docs/adapter-protocol.md): a parser of one request line into a
 * tree, and a growing output buffer with the writers a response needs.
 */
#ifndef GUEST_JSON_H
#define GUEST_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct jnode {
	enum jtype type;
	/* J_STRING: the decoded bytes (NUL-terminated); J_NUMBER: the text as written. */
	char *str;
	size_t len;
	bool boolean;
	/* J_ARRAY and J_OBJECT: the children in order; for an object, key[i] names child[i]. */
	struct jnode **child;
	char **key;
	size_t count;
};

/* Parses text (NUL-terminated). Returns NULL and fills err on malformed input. Free with jfree(). */
struct jnode *jparse(const char *text, char *err, size_t errlen);
void jfree(struct jnode *n);

/* The member named key of an object, or NULL. */
struct jnode *jget(const struct jnode *obj, const char *key);
/* A protocol integer: a string, decimal or 0x-prefixed hex, or a plain JSON number. False if malformed. */
bool jint(const struct jnode *n, uint64_t *out);

/* An output buffer that grows as needed. */
struct jbuf {
	char *data;
	size_t len, cap;
};

void jb_raw(struct jbuf *b, const char *s, size_t n);
void jb_str(struct jbuf *b, const char *s); /* raw text, no quoting */
void jb_quoted(struct jbuf *b, const char *s); /* a JSON string */
void jb_hexint(struct jbuf *b, uint64_t v); /* "0x..." */
void jb_hexbytes(struct jbuf *b, const uint8_t *p, size_t n); /* "0a1b..." */
void jb_printf(struct jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jb_reset(struct jbuf *b);

/* Decodes a hex string into out (len/2 bytes). False on an odd length or a non-hex digit. */
bool hex_decode(const char *hex, size_t len, uint8_t *out);

#endif
