/*
 * iommufd-mini: a small model of four iommufd ioctls that certifies against the conformance suite
 * through the exec adapter protocol (docs/adapter-protocol.md).
 *
 * It reads one JSON request per line on stdin and writes one JSON response per line on stdout. It
 * implements IOMMU_DESTROY, IOMMU_IOAS_ALLOC, IOMMU_OPTION and IOMMU_VFIO_IOAS behind the generic
 * iommufd size convention, and the raw ioctl numbers that reach them. Every other operation answers
 * {"unsupported":true}, which the suite reports as skipped.
 *
 * Reading order: user memory, object state, the size convention, the handlers, the raw ioctl, then
 * the protocol (a small JSON parser, the responses and the request loop).
 *
 * Plain C11 and libc only. Build: examples/c-adapter/build.sh.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Handlers answer an errno name ("EINVAL"), NULL for success, or UNSUPPORTED (then say why). */
static const char UNSUPPORTED[] = "unsupported";
static char unsupported_reason[100];

/* ==== User memory: the fault model, in one place ====
 *
 * A call carries the caller's memory as a list of segments (address, bytes, writable). Those are the
 * only mapped bytes. Any address outside every segment is unmapped, like a guard page, and touching
 * it is a fault: the call fails with EFAULT. Writing to a segment marked "writable": false is a fault
 * too. The suite places each struct so that it ends right before unmapped memory, so reading even
 * one byte more than the kernel would shows up as a wrong EFAULT. All access goes through user_byte().
 *
 * Writes here are all-or-nothing (the whole range is checked first): when a write-back faults, the
 * rule tables expect the caller's memory unchanged. The response returns the segments we wrote.
 */
struct segment {
    uint64_t addr;
    uint8_t *bytes;
    size_t len;
    bool writable, dirty;
};
static struct segment *segs; /* the memory of the call being served */
static size_t nsegs;

/* The byte at base + off, or NULL when it is unmapped (or read-only, when writing). */
static uint8_t *user_byte(uint64_t base, uint64_t off, bool write, struct segment **seg)
{
    if (off > UINT64_MAX - base) return NULL; /* past the top of the address space */
    uint64_t a = base + off;
    for (size_t i = 0; i < nsegs; i++) {
        struct segment *s = &segs[i];
        if (a < s->addr || a - s->addr >= s->len) continue;
        if (write && !s->writable) return NULL;
        if (seg) *seg = s;
        return &s->bytes[a - s->addr];
    }
    return NULL;
}

/* copy_from_user: false on a fault. */
static bool user_read(uint64_t addr, uint8_t *dst, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        const uint8_t *b = user_byte(addr, i, false, NULL);
        if (!b) return false;
        dst[i] = *b;
    }
    return true;
}

/* copy_to_user: false on a fault, and then nothing was written. */
static bool user_write(uint64_t addr, const uint8_t *src, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!user_byte(addr, i, true, NULL)) return false;
    for (size_t i = 0; i < len; i++) {
        struct segment *s = NULL;
        *user_byte(addr, i, true, &s) = src[i];
        s->dirty = true;
    }
    return true;
}

/* Little-endian fields of a struct (the suite models x86-64). */
static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++, v >>= 8) p[i] = (uint8_t)v;
}

/* ==== Object state ====
 * As in the kernel's xarray, all kinds of objects share one id space and a new object gets the lowest
 * free id from 1. This example only ever makes IOAS objects.
 */
#define MAX_OBJECTS 1024
enum kind { FREE, IOAS };
static enum kind objects[MAX_OBJECTS + 1]; /* index = object id; 0 is never an id */
static bool huge_pages[MAX_OBJECTS + 1];   /* per IOAS: IOMMU_OPTION_HUGE_PAGES, on when created */
static uint32_t compat_ioas;               /* IOMMU_VFIO_IOAS: 0 when none */
static uint64_t rlimit_mode;               /* IOMMU_OPTION_RLIMIT_MODE: 0 = per user (the default) */

static void reset_state(void)
{
    memset(objects, 0, sizeof objects);
    compat_ioas = 0;
    rlimit_mode = 0;
}

static bool is_ioas(uint64_t id) { return id >= 1 && id <= MAX_OBJECTS && objects[id] == IOAS; }

static bool any_object(void)
{
    for (int id = 1; id <= MAX_OBJECTS; id++)
        if (objects[id] != FREE) return true;
    return false;
}

/* ==== The generic size convention ====
 * spec/rules/iommufd/size-convention.json; in the kernel, iommufd_fops_ioctl and copy_struct_from_user.
 * Every iommufd struct starts with a u32 size word:
 *   1. read the size word; a fault is EFAULT;
 *   2. a size below the command's minimum is EINVAL;
 *   3. a size above the struct we know: the extra tail must be all zero (E2BIG), checked first;
 *   4. copy min(size, known) bytes into a zero-filled kernel copy: a shorter caller reads as zeros.
 * Results go back as min(size, known) bytes of the kernel copy (iommufd_ucmd_respond).
 */
struct ucmd {
    uint64_t argp; /* the caller's struct */
    uint32_t size; /* its size word */
    size_t known;  /* sizeof the struct this program knows */
    uint8_t k[64]; /* the kernel copy; the largest iommufd struct of 6.12 has 48 bytes */
};

static const char *copy_struct_in(struct ucmd *c, uint64_t argp, size_t min_size, size_t known)
{
    uint8_t word[4];
    memset(c, 0, sizeof *c);
    c->argp = argp;
    c->known = known;
    if (known > sizeof c->k) return "ENOMEM"; /* a struct added to ops[] that k[] cannot hold */
    if (!user_read(argp, word, 4)) return "EFAULT";
    c->size = (uint32_t)get_le(word, 4);
    if (c->size < min_size) return "EINVAL";
    /* A newer caller's tail: whichever comes first, a hole (EFAULT) or a nonzero byte (E2BIG). */
    for (uint64_t i = known; i < c->size; i++) {
        const uint8_t *b = user_byte(argp, i, false, NULL);
        if (!b) return "EFAULT";
        if (*b) return "E2BIG";
    }
    if (!user_read(argp, c->k, c->size < known ? c->size : known)) return "EFAULT";
    return NULL;
}

static const char *respond(const struct ucmd *c)
{
    return user_write(c->argp, c->k, c->size < c->known ? c->size : c->known) ? NULL : "EFAULT";
}

/* ==== The handlers ====
 * Each checks in the kernel's order: the first failing check decides (VALID-017). Field offsets are
 * those of spec/layouts/iommufd/<struct>.json.
 */

/* struct iommu_destroy { u32 size; u32 id; } */
static const char *do_destroy(struct ucmd *c)
{
    uint64_t id = get_le(c->k + 4, 4);
    if (!is_ioas(id)) return "ENOENT"; /* we only make IOAS, and nothing uses them (so no EBUSY) */
    objects[id] = FREE;
    if (compat_ioas == id) compat_ioas = 0; /* the compat pointer holds no reference: it forgets */
    return NULL;
}

/* struct iommu_ioas_alloc { u32 size; u32 flags; u32 out_ioas_id; } */
static const char *do_ioas_alloc(struct ucmd *c)
{
    if (get_le(c->k + 4, 4) != 0) return "EOPNOTSUPP"; /* no flag is defined */
    uint32_t id = 1;
    while (id <= MAX_OBJECTS && objects[id] != FREE) id++;
    if (id > MAX_OBJECTS) return "ENOMEM";
    put_le(c->k + 8, id, 4);
    /* The kernel drops the new IOAS again when the id cannot be written back. */
    if (respond(c)) return "EFAULT";
    objects[id] = IOAS;
    huge_pages[id] = true;
    return NULL;
}

/* struct iommu_option { u32 size; u32 option_id; u16 op; u16 __reserved; u32 object_id; u64 val64; } */
enum { OPTION_RLIMIT_MODE = 0, OPTION_HUGE_PAGES = 1, OP_SET = 0, OP_GET = 1 };

static const char *do_option(struct ucmd *c)
{
    uint64_t option = get_le(c->k + 4, 4), op = get_le(c->k + 8, 2), object_id = get_le(c->k + 12, 4);
    uint64_t val = get_le(c->k + 16, 8);
    if (get_le(c->k + 10, 2) != 0) return "EOPNOTSUPP"; /* __reserved */
    if (option == OPTION_RLIMIT_MODE) {
        if (object_id != 0) return "EOPNOTSUPP"; /* a per-file option: it takes no object */
        if (op == OP_GET) val = rlimit_mode;
        else if (op != OP_SET) return "EOPNOTSUPP";
        /* (The suite runs as root: the kernel's CAP_SYS_RESOURCE check always passes.) */
        else if (any_object()) return "EBUSY"; /* checked before the value */
        else if (val > 1) return "EINVAL";
        else rlimit_mode = val;
    } else if (option == OPTION_HUGE_PAGES) {
        if (!is_ioas(object_id)) return "ENOENT"; /* looked up before op */
        if (op == OP_GET) val = huge_pages[object_id];
        else if (op != OP_SET) return "EOPNOTSUPP";
        else if (val > 1) return "EINVAL";
        /* Turning them off fails with a domain holding pages or a misaligned mapping: we have neither. */
        else huge_pages[object_id] = val == 1;
    } else {
        return "EOPNOTSUPP"; /* an unknown option */
    }
    /* The kernel copies val64 alone back (for SET it still holds the value given). */
    uint8_t out[8];
    put_le(out, val, 8);
    return user_write(c->argp + 16, out, 8) ? NULL : "EFAULT";
}

/* struct iommu_vfio_ioas { u32 size; u32 ioas_id; u16 op; u16 __reserved; } */
enum { VFIO_IOAS_GET = 0, VFIO_IOAS_SET = 1, VFIO_IOAS_CLEAR = 2 };

static const char *do_vfio_ioas(struct ucmd *c)
{
    if (get_le(c->k + 10, 2) != 0) return "EOPNOTSUPP"; /* __reserved */
    uint64_t ioas = get_le(c->k + 4, 4);
    switch (get_le(c->k + 8, 2)) {
    case VFIO_IOAS_GET:
        if (!compat_ioas) return "ENODEV";
        put_le(c->k + 4, compat_ioas, 4);
        return respond(c);
    case VFIO_IOAS_SET:
        if (!is_ioas(ioas)) return "ENOENT";
        compat_ioas = (uint32_t)ioas;
        return NULL;
    case VFIO_IOAS_CLEAR:
        compat_ioas = 0;
        return NULL;
    default:
        return "EOPNOTSUPP";
    }
}

/* The ioctls we implement: the protocol's name, _IO(';', nr), the struct's size now and its minimum
 * (offsetofend of its last field when the command was introduced; kernel-uapi-facts §4.1). */
struct op {
    const char *name;
    unsigned nr;
    size_t known, min_size;
    const char *(*handler)(struct ucmd *);
};
static const struct op ops[] = {
    {"iommufd.destroy", 0x80, 8, 8, do_destroy},
    {"iommufd.ioas_alloc", 0x81, 12, 12, do_ioas_alloc},
    {"iommufd.option", 0x87, 24, 24, do_option},
    {"iommufd.vfio_ioas", 0x88, 12, 12, do_vfio_ioas},
};
#define NOPS (sizeof ops / sizeof ops[0])

static const char *run_op(const struct op *op, uint64_t argp)
{
    struct ucmd c;
    const char *err = copy_struct_in(&c, argp, op->min_size, op->known);
    return err ? err : op->handler(&c);
}

/* iommufd.ioctl: the raw command word as iommufd_fops_ioctl sees it (spec/rules/iommufd/ioctl.json). */
static const char *raw_ioctl(uint64_t cmd, uint64_t argp)
{
    unsigned nr = cmd & 0xff;
    uint8_t word[4];
    /* Outside the command table: handed to the VFIO compat handler, which knows none of these. */
    if (nr < 0x80 || nr > 0xa0) return "ENOTTY";
    /* Inside it, the size word is read before the whole command word is compared. */
    if (!user_read(argp, word, 4)) return "EFAULT";
    if (cmd >> 16 != 0 || cmd >> 8 != 0x3b) return "ENOTTY"; /* not _IO(';', nr) */
    if (nr >= 0x8f && nr <= 0x9f) return "ENOTTY";           /* empty slots of the 6.12 table */
    for (size_t i = 0; i < NOPS; i++)
        if (ops[i].nr == nr) return run_op(&ops[i], argp);
    /* A real 6.12 command, or IOMMU_TEST_CMD (0xa0), that this example does not model. */
    snprintf(unsupported_reason, sizeof unsupported_reason, "ioctl nr 0x%x is not implemented by this example", nr);
    return UNSUPPORTED;
}

/* ==== JSON ====
 * Just enough of a parser for the protocol's requests. It builds a tree in an arena freed after every
 * request. Bad input makes it return NULL; it never crashes.
 */
struct block {
    struct block *next;
    max_align_t data[];
};
static struct block *arena;

static void *alloc(size_t n)
{
    struct block *b = malloc(sizeof *b + n);
    if (!b) return NULL;
    b->next = arena;
    arena = b;
    return b->data;
}

static void free_arena(void)
{
    while (arena) {
        struct block *b = arena;
        arena = b->next;
        free(b);
    }
}

enum jtype { J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };
struct json {
    enum jtype type;
    const char *key;    /* the member's name, inside an object */
    const char *text;   /* a string's value, or a number as written */
    struct json *child; /* the first element or member */
    struct json *next;  /* the next sibling */
};
struct parser { const char *p, *end; int depth; };

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r' || *ps->p == '\n')) ps->p++;
}

/* Consumes ch, after any whitespace. */
static bool eat(struct parser *ps, char ch)
{
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != ch) return false;
    ps->p++;
    return true;
}

/* A string, unescaped into the arena. */
static char *parse_string(struct parser *ps)
{
    static const char escapes[] = "\"\\/bfnrt", escaped[] = "\"\\/\b\f\n\r\t";
    if (!eat(ps, '"')) return NULL;
    const char *s = ps->p, *e = s;
    while (e < ps->end && *e != '"') e += (*e == '\\' && e + 1 < ps->end) ? 2 : 1; /* find the end */
    char *out = e < ps->end ? alloc((size_t)(e - s) + 1) : NULL, *o = out;
    if (!out) return NULL;
    while (s < e) {
        unsigned char ch = (unsigned char)*s++;
        const char *esc = ch == '\\' && *s ? strchr(escapes, *s) : NULL;
        if (ch < 0x20) return NULL; /* raw control characters are not JSON */
        if (ch != '\\') {
            *o++ = (char)ch;
        } else if (esc) {
            *o++ = escaped[esc - escapes];
            s++;
        } else if (*s++ == 'u') {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int h = s < e ? hexval(*s++) : -1;
                if (h < 0) return NULL;
                v = v * 16 + h;
            }
            *o++ = v < 0x80 ? (char)v : '?'; /* no field of the protocol holds non-ASCII text */
        } else {
            return NULL;
        }
    }
    *o = '\0';
    ps->p = e + 1;
    return out;
}

static struct json *parse_value(struct parser *ps);

/* The elements of an array, or the members of an object, up to the closing bracket. */
static bool parse_items(struct parser *ps, struct json *v, char close)
{
    struct json **tail = &v->child;
    if (eat(ps, close)) return true;
    do {
        const char *key = NULL;
        if (close == '}' && (!(key = parse_string(ps)) || !eat(ps, ':'))) return false;
        struct json *item = parse_value(ps);
        if (!item) return false;
        item->key = key;
        *tail = item;
        tail = &item->next;
    } while (eat(ps, ','));
    return eat(ps, close);
}

static struct json *parse_value(struct parser *ps)
{
    static const char *const literals[] = {"null", "false", "true"}; /* in enum jtype's order */
    struct json *v = alloc(sizeof *v);
    skip_ws(ps);
    if (!v || ps->p >= ps->end || ps->depth > 32) return NULL; /* the depth limit bounds the stack */
    memset(v, 0, sizeof *v);
    const char *start = ps->p;
    if (*start == '"') {
        v->type = J_STRING;
        return (v->text = parse_string(ps)) ? v : NULL;
    }
    if (*start == '[' || *start == '{') {
        ps->p++;
        ps->depth++;
        v->type = *start == '[' ? J_ARRAY : J_OBJECT;
        bool ok = parse_items(ps, v, *start == '[' ? ']' : '}');
        ps->depth--;
        return ok ? v : NULL;
    }
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(literals[i]);
        if ((size_t)(ps->end - start) >= n && memcmp(start, literals[i], n) == 0) {
            ps->p += n;
            v->type = (enum jtype)i;
            return v;
        }
    }
    /* A number, kept as written. Leniently, any run of number characters: the only number we read
     * (the request id) is checked strictly by parse_u64. */
    while (ps->p < ps->end && *ps->p && strchr("+-.0123456789eE", *ps->p)) ps->p++;
    char *text = ps->p > start ? alloc((size_t)(ps->p - start) + 1) : NULL;
    if (!text) return NULL;
    memcpy(text, start, (size_t)(ps->p - start));
    text[ps->p - start] = '\0';
    v->type = J_NUMBER;
    v->text = text;
    return v;
}

static const struct json *member(const struct json *obj, const char *key)
{
    for (const struct json *m = obj && obj->type == J_OBJECT ? obj->child : NULL; m; m = m->next)
        if (strcmp(m->key, key) == 0) return m;
    return NULL;
}

static const char *string_member(const struct json *obj, const char *key)
{
    const struct json *m = member(obj, key);
    return m && m->type == J_STRING ? m->text : NULL;
}

/* The protocol's integers: "0x" and hex digits, or decimal digits; they must fit in 64 bits. */
static bool parse_u64(const char *s, uint64_t *out)
{
    bool hex = s && s[0] == '0' && s[1] == 'x';
    const char *digits = s ? s + (hex ? 2 : 0) : NULL;
    char *end;
    /* strtoull alone would also take spaces, signs and an empty string. */
    if (!digits || !(hex ? hexval(*digits) >= 0 : *digits >= '0' && *digits <= '9')) return false;
    errno = 0;
    *out = strtoull(digits, &end, hex ? 16 : 10);
    return *end == '\0' && errno != ERANGE;
}

/* Turns the call's "memory" array into segments. */
static bool load_memory(const struct json *list)
{
    nsegs = 0;
    if (!list || list->type != J_ARRAY) return false;
    for (const struct json *m = list->child; m; m = m->next) nsegs++;
    if (!(segs = alloc(sizeof *segs * (nsegs + 1)))) return false;
    struct segment *s = segs;
    for (const struct json *m = list->child; m; m = m->next, s++) {
        const char *hex = string_member(m, "hex");
        const struct json *w = member(m, "writable");
        if (!parse_u64(string_member(m, "addr"), &s->addr) || !hex || strlen(hex) % 2 != 0) return false;
        if (w && w->type != J_TRUE && w->type != J_FALSE) return false;
        s->writable = !w || w->type == J_TRUE; /* writable unless it says otherwise */
        s->dirty = false;
        s->len = strlen(hex) / 2;
        if (!(s->bytes = alloc(s->len + 1))) return false;
        for (size_t j = 0; j < s->len; j++) {
            int hi = hexval(hex[2 * j]), lo = hexval(hex[2 * j + 1]);
            if (hi < 0 || lo < 0) return false;
            s->bytes[j] = (uint8_t)(hi << 4 | lo);
        }
    }
    return true;
}

/* ==== Responses and the request loop ====
 * One line per response: {"id":N,"result":...} or {"id":N,"error":{"message":"..."}}.
 */
static void put_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch < 0x20 || ch >= 0x7f) printf("\\u%04x", ch);
        else putchar(ch);
    }
    putchar('"');
}

static void reply(uint64_t id, const char *result)
{
    printf("{\"id\":%" PRIu64 ",\"result\":%s}\n", id, result);
}

/* An "error" answer: the suite treats it as a broken adapter, so it is only for malformed input. */
static void reply_error(uint64_t id, const char *message)
{
    printf("{\"id\":%" PRIu64 ",\"error\":{\"message\":", id);
    put_string(message);
    printf("}}\n");
}

/* A call's result: unsupported (with the reason), or the errno if any and the segments we wrote. */
static void reply_call(uint64_t id, const char *err)
{
    printf("{\"id\":%" PRIu64 ",\"result\":{", id);
    if (err == UNSUPPORTED) {
        printf("\"unsupported\":true,\"reason\":");
        put_string(unsupported_reason);
        printf("}}\n");
        return;
    }
    if (err) printf("\"errno\":\"%s\",", err);
    printf("\"memory\":[");
    const char *sep = "";
    for (size_t i = 0; i < nsegs; i++) {
        if (!segs[i].dirty) continue;
        printf("%s{\"addr\":\"0x%" PRIx64 "\",\"hex\":\"", sep, segs[i].addr);
        for (size_t j = 0; j < segs[i].len; j++) printf("%02x", segs[i].bytes[j]);
        printf("\"}");
        sep = ",";
    }
    printf("]}}\n");
}

static void handle_call(uint64_t id, const struct json *call)
{
    const char *name = string_member(call, "op");
    const struct json *args = member(call, "args");
    uint64_t argp, cmd = 0;
    if (!name || !parse_u64(string_member(call, "argp"), &argp) || !args || args->type != J_OBJECT ||
        !load_memory(member(call, "memory")) || (member(args, "cmd") && !parse_u64(string_member(args, "cmd"), &cmd))) {
        reply_error(id, "malformed call: it needs op, argp, args (integers) and memory");
        return;
    }
    const char *err = UNSUPPORTED;
    snprintf(unsupported_reason, sizeof unsupported_reason, "%.60s is not implemented by this example", name);
    if (strcmp(name, "iommufd.ioctl") == 0) err = raw_ioctl(cmd, argp);
    for (size_t i = 0; i < NOPS; i++)
        if (strcmp(name, ops[i].name) == 0) err = run_op(&ops[i], argp);
    reply_call(id, err);
}

/* The iommufd snapshot of schemas/snapshot.schema.json: our objects are all IOAS, none mapped. */
static void handle_observe(uint64_t id)
{
    printf("{\"id\":%" PRIu64 ",\"result\":{\"profile\":\"iommufd\",\"objects\":[", id);
    const char *sep = "";
    for (int i = 1; i <= MAX_OBJECTS; i++) {
        if (objects[i] != IOAS) continue;
        printf("%s{\"id\":%d,\"kind\":\"ioas\"}", sep, i);
        sep = ",";
    }
    printf("],\"mappings\":[],\"attachments\":[],\"iotlb\":[],\"faults\":[]}}\n");
}

/* Serves one request line. Returns false after shutdown. */
static bool handle_line(const char *line, size_t len)
{
    struct parser ps = {line, line + len, 0};
    const struct json *req = parse_value(&ps), *idv = member(req, "id");
    const char *method = string_member(req, "method");
    uint64_t id = 0;
    skip_ws(&ps);
    if (!req || ps.p != ps.end || req->type != J_OBJECT)
        reply_error(0, "request is not a JSON object");
    else if (!idv || idv->type != J_NUMBER || !parse_u64(idv->text, &id) || id == 0 || id > (1ull << 53))
        reply_error(0, "request has no valid id");
    else if (!method)
        reply_error(id, "request has no method");
    else if (strcmp(method, "describe") == 0)
        reply(id, "{\"name\":\"iommufd-mini (C example)\",\"profiles\":{\"iommufd\":{\"kernel\":\"6.12\"}}}");
    else if (strcmp(method, "reset") == 0) {
        reset_state(); /* a fresh /dev/iommu: this program only serves the iommufd profile */
        reply(id, "null");
    } else if (strcmp(method, "call") == 0)
        handle_call(id, member(req, "call"));
    else if (strcmp(method, "observe") == 0)
        handle_observe(id);
    else if (strcmp(method, "shutdown") == 0) {
        reply(id, "null");
        return false;
    } else
        reply_error(id, "unknown method");
    return true;
}

/* Reads one line into a growing buffer; false at the end of input. Past 64 MiB the line is refused. */
#define MAX_LINE ((size_t)64 << 20)
static bool read_line(char **buf, size_t *cap, size_t *len, bool *too_long)
{
    int ch;
    *len = 0;
    *too_long = false;
    while ((ch = getchar()) != EOF && ch != '\n') {
        if (*len + 1 >= *cap) {
            char *bigger = *cap < MAX_LINE ? realloc(*buf, *cap * 2) : NULL;
            if (!bigger) {
                *too_long = true; /* read on to the end of the line, keeping nothing */
                continue;
            }
            *buf = bigger;
            *cap *= 2;
        }
        (*buf)[(*len)++] = (char)ch;
    }
    (*buf)[*len] = '\0';
    return ch != EOF || *len > 0;
}

int main(void)
{
    size_t cap = 4096, len;
    char *buf = malloc(cap);
    bool too_long, running = true;
    if (!buf) return 1;
    while (running && read_line(&buf, &cap, &len, &too_long)) {
        if (too_long) reply_error(0, "request line too long");
        else if (strspn(buf, " \t\r") < len) running = handle_line(buf, len); /* skip blank lines */
        free_arena();
        fflush(stdout);
    }
    free(buf);
    return 0;
}
