/**
 * Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h, and the kernel-internal
 * include/linux/errno.h), as the reference kernels return them: handlers return 0 or a negative errno,
 * the way kernel code does, and the profile converts the result to the errno name at the syscall boundary.
 */

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ENOTTY = 25;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const ERANGE = 34;
export const EDEADLK = 35;
export const ENOSYS = 38;
export const EOVERFLOW = 75;
export const EMSGSIZE = 90;
export const EOPNOTSUPP = 95;
export const EADDRINUSE = 98;

/* Kernel-internal values (include/linux/errno.h). */
/** Returned by an ioctl handler that does not know the command; fs/ioctl.c turns it into ENOTTY. */
export const ENOIOCTLCMD = 515;
/** The NFSv3 "not supported" value some kernel paths leak to userspace; it has no userspace name of its own. */
export const ENOTSUPP = 524;

const NAMES: Readonly<Record<number, string>> = {
  [EPERM]: 'EPERM',
  [ENOENT]: 'ENOENT',
  [ESRCH]: 'ESRCH',
  [EINTR]: 'EINTR',
  [EIO]: 'EIO',
  [ENXIO]: 'ENXIO',
  [E2BIG]: 'E2BIG',
  [EBADF]: 'EBADF',
  [EAGAIN]: 'EAGAIN',
  [ENOMEM]: 'ENOMEM',
  [EACCES]: 'EACCES',
  [EFAULT]: 'EFAULT',
  [EBUSY]: 'EBUSY',
  [EEXIST]: 'EEXIST',
  [ENODEV]: 'ENODEV',
  [EINVAL]: 'EINVAL',
  [ENOTTY]: 'ENOTTY',
  [ENOSPC]: 'ENOSPC',
  [ESPIPE]: 'ESPIPE',
  [ERANGE]: 'ERANGE',
  [EDEADLK]: 'EDEADLK',
  [ENOSYS]: 'ENOSYS',
  [EOVERFLOW]: 'EOVERFLOW',
  [EMSGSIZE]: 'EMSGSIZE',
  [EOPNOTSUPP]: 'EOPNOTSUPP',
  [EADDRINUSE]: 'EADDRINUSE',
  [ENOIOCTLCMD]: 'ENOIOCTLCMD',
  [ENOTSUPP]: 'ENOTSUPP',
};

/** The name of an errno value, given positive (EINVAL) or negative (-EINVAL); "E<n>" for values without a name here. */
export function errnoName(errno: number): string {
  const n = Math.abs(errno);
  // Stryker disable next-line StringLiteral: every errno a reference returns is a constant of this file, and NAMES names each
  return NAMES[n] ?? `E${n}`;
}

/**
 * What userspace sees for the return value of an ioctl handler: vfs_ioctl() (fs/ioctl.c) turns
 * -ENOIOCTLCMD into -ENOTTY; everything else passes through.
 */
export function ioctlReturn(rc: number): number {
  return rc === -ENOIOCTLCMD ? -ENOTTY : rc;
}
