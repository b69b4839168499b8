/* SPDX-License-Identifier: MIT */
/*
 * The guest program of `run --adapter kernel`: /init of an initramfs booted by QEMU on a Linux 6.12
 * kernel built with CONFIG_IOMMUFD_TEST (scripts/kernel/build.sh). It serves the exec protocol
 * (docs/adapter-protocol.md) on a port of its own while the kernel console keeps /dev/ttyS0: the port the
 * kernel command line names (conformance_port=..., which the kernel hands to init as an environment
 * variable), else the virtio serial port /dev/vport0p1, else the second UART /dev/ttyS1 in raw mode. The
 * UART moves about 160 KB/s under TCG, the virtio port far more; src/adapters/kernel.ts picks virtio.
 *
 *   - every iommufd ioctl, by name or raw (iommufd.ioctl with args.cmd), is the real ioctl on /dev/iommu;
 *   - fault_read / fault_write / fault_close are read(2) / write(2) / close(2) of the fd that
 *     IOMMU_FAULT_QUEUE_ALLOC returned for that fault object;
 *   - the fixtures are IOMMU_TEST_CMD operations of the kernel's mock driver: mock_domain
 *     (MOCK_DOMAIN / MOCK_DOMAIN_FLAGS), mock_domain_replace, add_reserved, trigger_iopf;
 *   - the user memory of each call is real memory at the call's addresses, with guard pages (memory.c).
 *
 * What the real kernel cannot do is answered {"unsupported": true, "reason": ...}: the model's
 * VT-d-flavoured device (mock_domain driver 1) and page requests with flags other than the ones the
 * 6.12 test op sets (LAST_PAGE, plus PASID_VALID for a nonzero PASID). observe is unsupported: the
 * kernel has no interface that shows its object table.
 *
 * Before the first request the guest writes the line READY_LINE, so the host never sends a byte
 * before the UART is open. shutdown answers null and reboots (RB_AUTOBOOT; QEMU runs with -no-reboot
 * and exits). A guest idle for IDLE_SECONDS reboots on its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#include <linux/iommufd.h>
#include "iommufd_test.h" /* from the installed kernel source, at build time only */

#include "json.h"
#include "memory.h"

#define PROTO_VIRTIO "/dev/vport0p1"
#define PROTO_TTY "/dev/ttyS1"
#define READY_LINE "#iommu-conformance-guest ready"
#define IDLE_SECONDS 600
#define MAX_LINE (16u << 20)
#define MAX_FAULTS 256

static int iommufd = -1;
static int proto = -1;
static const char *proto_path = PROTO_TTY;
static char iommufd_error[128];

/* Fault object id → the fd IOMMU_FAULT_QUEUE_ALLOC installed for it (until fault_close or reset). */
static struct {
	uint32_t id;
	int fd;
} faults[MAX_FAULTS];
static size_t nfaults;

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("guest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void power_off(void)
{
	sync();
	reboot(RB_AUTOBOOT);
	/* reboot() only returns on failure; as PID 1 we must never exit. */
	for (;;)
		pause();
}

/* ------------------------------------------------------------------------------------------------ */
/* errno names, as the protocol wants them */

static const char *errno_name(int e)
{
#define E(x) case x: return #x
	switch (e) {
	E(EPERM); E(ENOENT); E(ESRCH); E(EINTR); E(EIO); E(ENXIO); E(E2BIG); E(ENOEXEC); E(EBADF);
	E(ECHILD); E(EAGAIN); E(ENOMEM); E(EACCES); E(EFAULT); E(ENOTBLK); E(EBUSY); E(EEXIST); E(EXDEV);
	E(ENODEV); E(ENOTDIR); E(EISDIR); E(EINVAL); E(ENFILE); E(EMFILE); E(ENOTTY); E(ETXTBSY);
	E(EFBIG); E(ENOSPC); E(ESPIPE); E(EROFS); E(EMLINK); E(EPIPE); E(EDOM); E(ERANGE); E(EDEADLK);
	E(ENAMETOOLONG); E(ENOLCK); E(ENOSYS); E(ENOTEMPTY); E(ELOOP); E(ENOMSG); E(EIDRM);
	E(ENOSTR); E(ENODATA); E(ETIME); E(ENOSR); E(ENOLINK); E(EPROTO); E(EBADMSG); E(EOVERFLOW);
	E(EILSEQ); E(EUSERS); E(ENOTSOCK); E(EDESTADDRREQ); E(EMSGSIZE); E(EPROTOTYPE); E(ENOPROTOOPT);
	E(EPROTONOSUPPORT); E(EOPNOTSUPP); E(EAFNOSUPPORT); E(EADDRINUSE); E(EADDRNOTAVAIL);
	E(ENETDOWN); E(ENOBUFS); E(EISCONN); E(ENOTCONN); E(ETIMEDOUT); E(ECONNREFUSED); E(EALREADY);
	E(EINPROGRESS); E(ESTALE); E(EDQUOT); E(ECANCELED); E(EKEYEXPIRED); E(EOWNERDEAD);
	E(ENOTRECOVERABLE); E(ERFKILL); E(EHWPOISON);
	}
#undef E
	static char other[16];

	snprintf(other, sizeof(other), "E%d", e);
	return other;
}

/* ------------------------------------------------------------------------------------------------ */
/* The context: /dev/iommu and the fault fds */

static void close_context(void)
{
	/* Fault fds first: each holds a reference on the context, which dies with the last of them. */
	for (size_t i = 0; i < nfaults; i++)
		close(faults[i].fd);
	nfaults = 0;
	if (iommufd >= 0)
		close(iommufd);
	iommufd = -1;
}

static void open_context(void)
{
	close_context();
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (iommufd < 0) {
		snprintf(iommufd_error, sizeof(iommufd_error), "/dev/iommu: %s", strerror(errno));
		logmsg("%s", iommufd_error);
	}
}

static int fault_fd(uint32_t id)
{
	for (size_t i = 0; i < nfaults; i++)
		if (faults[i].id == id)
			return faults[i].fd;
	return -1;
}

static void fault_forget(uint32_t id)
{
	for (size_t i = 0; i < nfaults; i++)
		if (faults[i].id == id) {
			faults[i] = faults[--nfaults];
			return;
		}
}

/* ------------------------------------------------------------------------------------------------ */
/* One call */

struct outcome {
	bool unsupported;
	const char *reason;
	int err; /* errno on failure, 0 on success */
	bool has_ret;
	uint64_t ret;
	const char *out_name[3];
	uint64_t out_value[3];
	size_t nout;
};

static void out_add(struct outcome *o, const char *name, uint64_t v)
{
	o->out_name[o->nout] = name;
	o->out_value[o->nout] = v;
	o->nout++;
}

static const struct {
	const char *name;
	unsigned long cmd;
} named_ioctls[] = {
	{ "destroy", IOMMU_DESTROY },
	{ "ioas_alloc", IOMMU_IOAS_ALLOC },
	{ "ioas_allow_iovas", IOMMU_IOAS_ALLOW_IOVAS },
	{ "ioas_copy", IOMMU_IOAS_COPY },
	{ "ioas_iova_ranges", IOMMU_IOAS_IOVA_RANGES },
	{ "ioas_map", IOMMU_IOAS_MAP },
	{ "ioas_unmap", IOMMU_IOAS_UNMAP },
	{ "option", IOMMU_OPTION },
	{ "vfio_ioas", IOMMU_VFIO_IOAS },
	{ "hwpt_alloc", IOMMU_HWPT_ALLOC },
	{ "get_hw_info", IOMMU_GET_HW_INFO },
	{ "hwpt_set_dirty_tracking", IOMMU_HWPT_SET_DIRTY_TRACKING },
	{ "hwpt_get_dirty_bitmap", IOMMU_HWPT_GET_DIRTY_BITMAP },
	{ "hwpt_invalidate", IOMMU_HWPT_INVALIDATE },
	{ "fault_queue_alloc", IOMMU_FAULT_QUEUE_ALLOC },
};

static bool arg(const struct jnode *args, const char *name, uint64_t *v)
{
	return jint(jget(args, name), v);
}

/* IOMMU_TEST_CMD with the common header filled in. */
static int test_cmd(struct iommu_test_cmd *cmd, uint32_t op, uint32_t id)
{
	cmd->size = sizeof(*cmd);
	cmd->op = op;
	cmd->id = id;
	return ioctl(iommufd, IOMMU_TEST_CMD, cmd) ? errno : 0;
}

/* After a successful IOMMU_FAULT_QUEUE_ALLOC the struct holds the new object's id and fd. */
static void note_fault_alloc(uint64_t argp)
{
	const struct iommu_fault_alloc *fa = (const void *)(uintptr_t)argp;

	if (nfaults == MAX_FAULTS) {
		logmsg("more than %d fault objects in one context", MAX_FAULTS);
		return;
	}
	faults[nfaults].id = fa->out_fault_id;
	faults[nfaults].fd = (int)fa->out_fault_fd;
	nfaults++;
}

static const char *const MISSING = "a required argument is missing or malformed";

static void do_call(const char *op, uint64_t argp, const struct jnode *args, struct outcome *o)
{
	uint64_t a, b, c, d, e;

	if (strncmp(op, "iommufd.", 8)) {
		o->unsupported = true;
		o->reason = "the real kernel is certified for the iommufd profile only";
		return;
	}
	op += 8;

	for (size_t i = 0; i < sizeof(named_ioctls) / sizeof(named_ioctls[0]); i++) {
		if (strcmp(op, named_ioctls[i].name))
			continue;
		o->err = ioctl(iommufd, named_ioctls[i].cmd, (void *)(uintptr_t)argp) < 0 ? errno : 0;
		if (!o->err && named_ioctls[i].cmd == IOMMU_FAULT_QUEUE_ALLOC)
			note_fault_alloc(argp);
		return;
	}
	if (!strcmp(op, "ioctl")) {
		if (!arg(args, "cmd", &a)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		/* The kernel takes the command as an unsigned int. */
		unsigned int cmd = (unsigned int)a;
		int rc = ioctl(iommufd, cmd, (void *)(uintptr_t)argp);

		o->err = rc < 0 ? errno : 0;
		if (rc > 0)
			o->has_ret = true, o->ret = (uint64_t)rc;
		if (!o->err && cmd == IOMMU_FAULT_QUEUE_ALLOC)
			note_fault_alloc(argp);
		return;
	}
	if (!strcmp(op, "fault_read") || !strcmp(op, "fault_write")) {
		uint64_t pos = 0;

		if (!arg(args, "fault", &a) || !arg(args, "count", &b)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		if (jget(args, "pos") && !arg(args, "pos", &pos)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		int fd = fault_fd((uint32_t)a);
		ssize_t n;

		if (fd < 0) {
			o->err = EBADF;
			return;
		}
		if (op[6] == 'r')
			n = pos ? pread(fd, (void *)(uintptr_t)argp, b, (off_t)pos) : read(fd, (void *)(uintptr_t)argp, b);
		else
			n = pos ? pwrite(fd, (void *)(uintptr_t)argp, b, (off_t)pos) : write(fd, (void *)(uintptr_t)argp, b);
		if (n < 0) {
			o->err = errno;
			return;
		}
		o->has_ret = true;
		o->ret = (uint64_t)n;
		return;
	}
	if (!strcmp(op, "fault_close")) {
		if (!arg(args, "fault", &a)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		int fd = fault_fd((uint32_t)a);

		if (fd < 0) {
			o->err = EBADF;
			return;
		}
		fault_forget((uint32_t)a);
		o->err = close(fd) ? errno : 0;
		return;
	}

	struct iommu_test_cmd cmd;

	memset(&cmd, 0, sizeof(cmd));
	if (!strcmp(op, "mock_domain")) {
		if (!arg(args, "ioas", &a) || !arg(args, "flags", &b) || !arg(args, "driver", &c)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		if (c != 0) {
			o->unsupported = true;
			o->reason = c == 1 ? "the VT-d-flavoured device (driver 1) is a model construct: the real 6.12 "
					     "kernel has only the mock IOMMU driver"
					   : "the real kernel has one device flavour, the mock driver (driver 0)";
			return;
		}
		if (b) {
			cmd.mock_domain_flags.dev_flags = (uint32_t)b;
			o->err = test_cmd(&cmd, IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS, (uint32_t)a);
		} else {
			o->err = test_cmd(&cmd, IOMMU_TEST_OP_MOCK_DOMAIN, (uint32_t)a);
		}
		if (!o->err) {
			out_add(o, "stdev_id", cmd.mock_domain.out_stdev_id);
			out_add(o, "hwpt_id", cmd.mock_domain.out_hwpt_id);
			out_add(o, "dev_id", cmd.mock_domain.out_idev_id);
		}
		return;
	}
	if (!strcmp(op, "mock_domain_replace")) {
		if (!arg(args, "stdev", &a) || !arg(args, "pt", &b)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		cmd.mock_domain_replace.pt_id = (uint32_t)b;
		o->err = test_cmd(&cmd, IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE, (uint32_t)a);
		if (!o->err)
			out_add(o, "hwpt_id", cmd.mock_domain_replace.pt_id);
		return;
	}
	if (!strcmp(op, "add_reserved")) {
		if (!arg(args, "ioas", &a) || !arg(args, "start", &b) || !arg(args, "length", &c)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		cmd.add_reserved.start = b;
		cmd.add_reserved.length = c;
		o->err = test_cmd(&cmd, IOMMU_TEST_OP_ADD_RESERVED, (uint32_t)a);
		return;
	}
	if (!strcmp(op, "trigger_iopf")) {
		if (!arg(args, "dev", &a) || !arg(args, "pasid", &b) || !arg(args, "grpid", &c) ||
		    !arg(args, "perm", &d) || !arg(args, "addr", &e)) {
			o->unsupported = true, o->reason = MISSING;
			return;
		}
		/* 6.12's IOMMU_TEST_OP_TRIGGER_IOPF takes no flags: it always raises a last page request, with
		 * PASID_VALID when the PASID is not IOMMU_NO_PASID (0). Other flags are the model's extension. */
		uint64_t flags, own = IOMMU_PGFAULT_FLAGS_LAST_PAGE | (b ? IOMMU_PGFAULT_FLAGS_PASID_VALID : 0);

		if (jget(args, "flags") && (!arg(args, "flags", &flags) || flags != own)) {
			o->unsupported = true;
			o->reason = "the 6.12 test op raises only single-request groups: flags are always LAST_PAGE, "
				    "plus PASID_VALID for a nonzero PASID";
			return;
		}
		cmd.trigger_iopf.dev_id = (uint32_t)a;
		cmd.trigger_iopf.pasid = (uint32_t)b;
		cmd.trigger_iopf.grpid = (uint32_t)c;
		cmd.trigger_iopf.perm = (uint32_t)d;
		cmd.trigger_iopf.addr = e;
		o->err = test_cmd(&cmd, IOMMU_TEST_OP_TRIGGER_IOPF, 0);
		return;
	}
	o->unsupported = true;
	o->reason = "not an operation of the iommufd profile";
}

/* Builds the call's memory from the request. False with err set on a malformed request. */
static bool parse_memory(const struct jnode *list, struct call_memory *m, char *err, size_t errlen)
{
	if (!list || list->type != J_ARRAY) {
		snprintf(err, errlen, "call.memory is not an array");
		return false;
	}
	m->seg = calloc(list->count + 1, sizeof(*m->seg));
	if (!m->seg)
		abort();
	for (size_t i = 0; i < list->count; i++) {
		const struct jnode *s = list->child[i];
		const struct jnode *hex = jget(s, "hex");
		const struct jnode *w = jget(s, "writable");
		struct segment *seg = &m->seg[m->nseg];

		if (!jint(jget(s, "addr"), &seg->addr) || !hex || hex->type != J_STRING) {
			snprintf(err, errlen, "memory segment %zu is malformed", i);
			return false;
		}
		seg->len = hex->len / 2;
		seg->bytes = malloc(seg->len + 1);
		if (!seg->bytes)
			abort();
		m->nseg++;
		if (!hex_decode(hex->str, hex->len, seg->bytes)) {
			snprintf(err, errlen, "memory segment %zu has bad hex", i);
			return false;
		}
		seg->writable = !w || w->type != J_BOOL || w->boolean;
	}
	return true;
}

/* ------------------------------------------------------------------------------------------------ */
/* The protocol */

static struct jbuf response;

static void send_response(void)
{
	jb_raw(&response, "\n", 1);
	for (size_t done = 0; done < response.len;) {
		ssize_t n = write(proto, response.data + done, response.len - done);

		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			logmsg("write %s: %s", proto_path, strerror(errno));
			power_off();
		}
		done += (size_t)n;
	}
	jb_reset(&response);
}

static void respond_error(long long id, const char *message)
{
	jb_printf(&response, "{\"id\":%lld,\"error\":{\"message\":", id);
	jb_quoted(&response, message);
	jb_str(&response, "}}");
	send_response();
}

static void handle_call(long long id, const struct jnode *call)
{
	const struct jnode *op = jget(call, "op");
	const struct jnode *args = jget(call, "args");
	struct call_memory mem = { 0 };
	struct outcome o = { 0 };
	uint64_t argp;
	char err[256];

	if (!op || op->type != J_STRING || !jint(jget(call, "argp"), &argp) || !args || args->type != J_OBJECT) {
		respond_error(id, "call needs op, argp and args");
		return;
	}
	if (!parse_memory(jget(call, "memory"), &mem, err, sizeof(err))) {
		memory_release(&mem);
		respond_error(id, err);
		return;
	}
	if (iommufd < 0) {
		memory_release(&mem);
		respond_error(id, iommufd_error);
		return;
	}
	if (!memory_map(&mem, err, sizeof(err))) {
		memory_release(&mem);
		respond_error(id, err);
		return;
	}
	do_call(op->str, argp, args, &o);

	jb_printf(&response, "{\"id\":%lld,\"result\":{", id);
	if (o.unsupported) {
		jb_str(&response, "\"unsupported\":true,\"reason\":");
		jb_quoted(&response, o.reason);
	} else {
		if (o.err) {
			jb_str(&response, "\"errno\":");
			jb_quoted(&response, errno_name(o.err));
			jb_str(&response, ",");
		} else if (o.has_ret) {
			jb_str(&response, "\"ret\":");
			jb_hexint(&response, o.ret);
			jb_str(&response, ",");
		}
		if (o.nout) {
			jb_str(&response, "\"out\":{");
			for (size_t i = 0; i < o.nout; i++) {
				jb_printf(&response, "%s\"%s\":", i ? "," : "", o.out_name[i]);
				jb_hexint(&response, o.out_value[i]);
			}
			jb_str(&response, "},");
		}
		/* The segments the call changed (the protocol lets the rest be left out, and the port is the
		 * bottleneck of a run). */
		jb_str(&response, "\"memory\":[");
		for (size_t i = 0, n = 0; i < mem.nseg; i++) {
			if (!memcmp(segment_now(&mem.seg[i]), mem.seg[i].bytes, mem.seg[i].len))
				continue;
			jb_str(&response, n++ ? ",{\"addr\":" : "{\"addr\":");
			jb_hexint(&response, mem.seg[i].addr);
			jb_str(&response, ",\"hex\":");
			jb_hexbytes(&response, segment_now(&mem.seg[i]), mem.seg[i].len);
			jb_str(&response, "}");
		}
		jb_str(&response, "]");
	}
	jb_str(&response, "}}");
	memory_release(&mem);
	send_response();
}

static void handle_line(char *line)
{
	char err[256];
	struct jnode *req = jparse(line, err, sizeof(err));
	const struct jnode *method;
	uint64_t id;

	if (!req) {
		respond_error(0, "request is not JSON");
		logmsg("bad request (%s): %.80s", err, line);
		return;
	}
	method = jget(req, "method");
	if (!jint(jget(req, "id"), &id) || !method || method->type != J_STRING) {
		respond_error(0, "not a request");
		jfree(req);
		return;
	}
	if (!strcmp(method->str, "describe")) {
		struct utsname u;
		unsigned major = 0, minor = 0;

		uname(&u);
		sscanf(u.release, "%u.%u", &major, &minor);
		jb_printf(&response, "{\"id\":%llu,\"result\":{\"name\":", (unsigned long long)id);
		char name[200];

		snprintf(name, sizeof(name), "linux %s %s (mock IOMMU driver, CONFIG_IOMMUFD_TEST)", u.release, u.machine);
		jb_quoted(&response, name);
		jb_printf(&response, ",\"protocol\":1,\"profiles\":{\"iommufd\":{\"kernel\":\"%u.%u\"}}}}", major, minor);
		send_response();
	} else if (!strcmp(method->str, "reset")) {
		const struct jnode *profile = jget(req, "profile");

		if (!profile || profile->type != J_STRING || strcmp(profile->str, "iommufd")) {
			respond_error((long long)id, "the real kernel implements the iommufd profile only");
		} else {
			open_context();
			jb_printf(&response, "{\"id\":%llu,\"result\":null}", (unsigned long long)id);
			send_response();
		}
	} else if (!strcmp(method->str, "call")) {
		handle_call((long long)id, jget(req, "call"));
	} else if (!strcmp(method->str, "observe")) {
		jb_printf(&response,
			  "{\"id\":%llu,\"result\":{\"unsupported\":true,\"reason\":\"the kernel has no interface that "
			  "lists its iommufd objects\"}}",
			  (unsigned long long)id);
		send_response();
	} else if (!strcmp(method->str, "shutdown")) {
		jb_printf(&response, "{\"id\":%llu,\"result\":null}", (unsigned long long)id);
		send_response();
		if (isatty(proto))
			tcdrain(proto);
		close_context();
		logmsg("shutdown requested");
		power_off();
	} else {
		respond_error((long long)id, "unknown method");
	}
	jfree(req);
}

static void setup_system(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY)
		logmsg("mount /dev: %s", strerror(errno));
	if (mount("proc", "/proc", "proc", 0, NULL))
		logmsg("mount /proc: %s", strerror(errno));
	if (mount("sysfs", "/sys", "sysfs", 0, NULL))
		logmsg("mount /sys: %s", strerror(errno));
}

/* The protocol port: named on the command line, else the first of the virtio port and the UART. The
 * virtio port appears when the host's control message arrives, which may be after init starts. */
static int open_proto_port(void)
{
	const char *named = getenv("conformance_port");
	const char *candidates[2] = { named ? named : PROTO_VIRTIO, named ? NULL : PROTO_TTY };
	struct termios t;
	int fd = -1;

	for (int tries = 0; fd < 0 && tries < 200; tries++) {
		for (int i = 0; i < 2 && fd < 0; i++) {
			if (!candidates[i])
				continue;
			fd = open(candidates[i], O_RDWR | O_NOCTTY | O_CLOEXEC);
			if (fd >= 0)
				proto_path = candidates[i];
		}
		if (fd < 0)
			usleep(50 * 1000);
	}
	if (fd < 0) {
		logmsg("no protocol port (%s%s%s): %s", candidates[0], candidates[1] ? ", " : "",
		       candidates[1] ? candidates[1] : "", strerror(errno));
		power_off();
	}
	if (!isatty(fd))
		return fd;
	if (tcgetattr(fd, &t)) {
		logmsg("tcgetattr %s: %s", proto_path, strerror(errno));
		power_off();
	}
	/* Raw: no echo, no line editing, no CR/NL translation, no flow control, 8 bits. */
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(tcflag_t)CRTSCTS;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	cfsetspeed(&t, B115200);
	if (tcsetattr(fd, TCSANOW, &t)) {
		logmsg("tcsetattr %s: %s", proto_path, strerror(errno));
		power_off();
	}
	tcflush(fd, TCIOFLUSH);
	return fd;
}

int main(void)
{
	static char chunk[65536];
	char *line = NULL;
	size_t len = 0, cap = 0;

	setup_system();
	proto = open_proto_port();
	open_context();
	logmsg("serving the exec protocol on %s%s", proto_path, iommufd < 0 ? " (without /dev/iommu!)" : "");
	jb_str(&response, "\n" READY_LINE);
	send_response();

	for (;;) {
		struct pollfd p = { .fd = proto, .events = POLLIN };
		int ready = poll(&p, 1, IDLE_SECONDS * 1000);

		if (ready == 0) {
			logmsg("no request for %d s: powering off", IDLE_SECONDS);
			power_off();
		}
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			logmsg("poll: %s", strerror(errno));
			power_off();
		}
		ssize_t n = read(proto, chunk, sizeof(chunk));

		if (n == 0) {
			/* The host side of the virtio port went away (the adapter died): nobody will ask again. */
			logmsg("the host closed %s: powering off", proto_path);
			power_off();
		}
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			logmsg("read %s: %s", proto_path, strerror(errno));
			power_off();
		}
		for (ssize_t i = 0; i < n; i++) {
			char c = chunk[i];

			if (c == '\n') {
				if (len) {
					line[len] = 0;
					handle_line(line);
				}
				len = 0;
				continue;
			}
			if (c == '\r')
				continue;
			if (len + 2 > cap) {
				cap = cap ? cap * 2 : 65536;
				if (cap > MAX_LINE + 2) {
					logmsg("request line longer than %u bytes", MAX_LINE);
					respond_error(0, "request line too long");
					len = 0;
					cap = 0;
					free(line);
					line = NULL;
					continue;
				}
				line = realloc(line, cap);
				if (!line)
					abort();
			}
			line[len++] = c;
		}
	}
}
