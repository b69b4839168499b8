/**
 * struct iommufd_ucmd (drivers/iommu/iommufd/iommufd_private.h): what a handler gets from the dispatcher,
 * and iommufd_ucmd_respond().
 */
import { EFAULT } from '../kernel/errno.ts';
import { copy_to_user } from '../kernel/user-memory.ts';
import type { IommufdCtx } from './objects.ts';

export interface Ucmd {
  ctx: IommufdCtx;
  /** The user's argument struct. */
  ubuffer: bigint;
  /** The size word the user gave. */
  userSize: number;
  /** The kernel's copy of the struct: the size of the version the kernel knows, zero-extended. */
  cmd: Uint8Array;
}

/**
 * iommufd_ucmd_respond(): writes the kernel's copy back over the first min(user size, cmdLen) bytes, so
 * an older caller never receives fields past its own struct.
 */
export function ucmdRespond(ucmd: Ucmd, cmdLen: number): number {
  const n = Math.min(ucmd.userSize, cmdLen, ucmd.cmd.length);
  if (copy_to_user(ucmd.ctx.mem, ucmd.ubuffer, ucmd.cmd, n)) return -EFAULT;
  return 0;
}
