/* SPDX-License-Identifier: MIT */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p;
	char *err;
	size_t errlen;
	int depth;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		perror("guest: out of memory");
		abort();
	}
	return p;
}

static void *xrealloc(void *old, size_t size)
{
	void *p = realloc(old, size ? size : 1);

	if (!p) {
		perror("guest: out of memory");
		abort();
	}
	return p;
}

static struct jnode *fail(struct parser *ps, const char *what)
{
	if (ps->err && !ps->err[0])
		snprintf(ps->err, ps->errlen, "%s at \"%.20s\"", what, ps->p);
	return NULL;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the UTF-8 encoding of a code point. */
static size_t put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static bool parse_u4(struct parser *ps, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		int h = hexval(ps->p[i]);

		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	ps->p += 4;
	*out = v;
	return true;
}

/* A string starting at the opening quote; the decoded text is never longer than the encoded one. */
static char *parse_string(struct parser *ps, size_t *len)
{
	const char *start = ++ps->p;
	const char *end = start;

	while (*end && *end != '"') {
		if (*end == '\\' && end[1])
			end++;
		end++;
	}
	if (*end != '"') {
		fail(ps, "unterminated string");
		return NULL;
	}
	char *out = xcalloc((size_t)(end - start) + 4, 1);
	size_t n = 0;

	while (ps->p < end) {
		char c = *ps->p++;

		if ((unsigned char)c < 0x20) {
			free(out);
			fail(ps, "control character in string");
			return NULL;
		}
		if (c != '\\') {
			out[n++] = c;
			continue;
		}
		c = *ps->p++;
		switch (c) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			unsigned cp, lo;

			if (!parse_u4(ps, &cp))
				goto bad;
			if (cp >= 0xd800 && cp < 0xdc00 && ps->p[0] == '\\' && ps->p[1] == 'u') {
				ps->p += 2;
				if (!parse_u4(ps, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			n += put_utf8(out + n, cp);
			break;
		}
		default:
			goto bad;
		}
	}
	ps->p = end + 1;
	out[n] = 0;
	*len = n;
	return out;
bad:
	free(out);
	fail(ps, "bad escape in string");
	return NULL;
}

static struct jnode *parse_value(struct parser *ps);

static struct jnode *parse_container(struct parser *ps, bool object)
{
	struct jnode *n = xcalloc(1, sizeof(*n));
	size_t cap = 0;

	n->type = object ? J_OBJECT : J_ARRAY;
	ps->p++;
	skip_ws(ps);
	if (*ps->p == (object ? '}' : ']')) {
		ps->p++;
		return n;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(ps);
		if (object) {
			size_t klen;

			if (*ps->p != '"')
				goto bad;
			key = parse_string(ps, &klen);
			if (!key)
				goto bad;
			skip_ws(ps);
			if (*ps->p != ':') {
				free(key);
				goto bad;
			}
			ps->p++;
		}
		struct jnode *v = parse_value(ps);

		if (!v) {
			free(key);
			goto bad;
		}
		if (n->count == cap) {
			cap = cap ? cap * 2 : 8;
			n->child = xrealloc(n->child, cap * sizeof(*n->child));
			if (object)
				n->key = xrealloc(n->key, cap * sizeof(*n->key));
		}
		n->child[n->count] = v;
		if (object)
			n->key[n->count] = key;
		n->count++;
		skip_ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == (object ? '}' : ']')) {
			ps->p++;
			return n;
		}
		goto bad;
	}
bad:
	fail(ps, object ? "malformed object" : "malformed array");
	jfree(n);
	return NULL;
}

static struct jnode *parse_value(struct parser *ps)
{
	struct jnode *n;

	skip_ws(ps);
	if (++ps->depth > 64)
		return fail(ps, "nested too deeply");
	switch (*ps->p) {
	case '{':
		n = parse_container(ps, true);
		break;
	case '[':
		n = parse_container(ps, false);
		break;
	case '"':
		n = xcalloc(1, sizeof(*n));
		n->type = J_STRING;
		n->str = parse_string(ps, &n->len);
		if (!n->str) {
			free(n);
			n = NULL;
		}
		break;
	default:
		if (!strncmp(ps->p, "null", 4) || !strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
			n = xcalloc(1, sizeof(*n));
			n->type = ps->p[0] == 'n' ? J_NULL : J_BOOL;
			n->boolean = ps->p[0] == 't';
			ps->p += ps->p[0] == 'f' ? 5 : 4;
			break;
		}
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
			const char *s = ps->p;

			while (strchr("+-.eE0123456789", *ps->p) && *ps->p)
				ps->p++;
			n = xcalloc(1, sizeof(*n));
			n->type = J_NUMBER;
			n->len = (size_t)(ps->p - s);
			n->str = xcalloc(n->len + 1, 1);
			memcpy(n->str, s, n->len);
			break;
		}
		n = fail(ps, "unexpected character");
	}
	ps->depth--;
	return n;
}

struct jnode *jparse(const char *text, char *err, size_t errlen)
{
	struct parser ps = { .p = text, .err = err, .errlen = errlen };

	if (err && errlen)
		err[0] = 0;
	struct jnode *n = parse_value(&ps);

	if (!n)
		return NULL;
	skip_ws(&ps);
	if (*ps.p) {
		fail(&ps, "trailing text");
		jfree(n);
		return NULL;
	}
	return n;
}

void jfree(struct jnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++) {
		jfree(n->child[i]);
		if (n->key)
			free(n->key[i]);
	}
	free(n->child);
	free(n->key);
	free(n->str);
	free(n);
}

struct jnode *jget(const struct jnode *obj, const char *key)
{
	if (!obj || obj->type != J_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->count; i++)
		if (!strcmp(obj->key[i], key))
			return obj->child[i];
	return NULL;
}

bool jint(const struct jnode *n, uint64_t *out)
{
	const char *s;
	uint64_t v = 0;

	if (!n || (n->type != J_STRING && n->type != J_NUMBER))
		return false;
	s = n->str;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (!*s || strlen(s) > 16)
			return false;
		for (; *s; s++) {
			int h = hexval(*s);

			if (h < 0)
				return false;
			v = v << 4 | (uint64_t)h;
		}
	} else {
		if (!*s)
			return false;
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				return false;
			uint64_t d = (uint64_t)(*s - '0');

			if (v > (UINT64_MAX - d) / 10)
				return false;
			v = v * 10 + d;
		}
	}
	*out = v;
	return true;
}

static void grow(struct jbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;

	while (cap < b->len + more + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void jb_raw(struct jbuf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void jb_str(struct jbuf *b, const char *s)
{
	jb_raw(b, s, strlen(s));
}

void jb_quoted(struct jbuf *b, const char *s)
{
	jb_raw(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };

			jb_raw(b, esc, 2);
		} else if (c < 0x20) {
			jb_printf(b, "\\u%04x", c);
		} else {
			jb_raw(b, (const char *)&c, 1);
		}
	}
	jb_raw(b, "\"", 1);
}

void jb_hexint(struct jbuf *b, uint64_t v)
{
	jb_printf(b, "\"0x%llx\"", (unsigned long long)v);
}

void jb_hexbytes(struct jbuf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	grow(b, 2 * n + 2);
	b->data[b->len++] = '"';
	for (size_t i = 0; i < n; i++) {
		b->data[b->len++] = digits[p[i] >> 4];
		b->data[b->len++] = digits[p[i] & 15];
	}
	b->data[b->len++] = '"';
	b->data[b->len] = 0;
}

void jb_printf(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);

	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		jb_raw(b, small, (size_t)n);
		return;
	}
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void jb_reset(struct jbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

bool hex_decode(const char *hex, size_t len, uint8_t *out)
{
	if (len % 2)
		return false;
	for (size_t i = 0; i < len; i += 2) {
		int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
