/* Generated from schemas/adapter-protocol.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * The exec adapter protocol: one JSON object per line on the implementation's stdin (requests) and stdout (responses). Every response carries the id of its request. Integers that may exceed 2^53 are strings, decimal or 0x-prefixed hex; bytes are hex strings. See docs/adapter-protocol.md.
 */
export type AdapterMessage = Request | Response;
export type Request =
  | {
      id: number;
      method: 'describe' | 'observe' | 'shutdown';
    }
  | {
      id: number;
      method: 'reset';
      profile: Profile;
      config: {};
    }
  | {
      id: number;
      method: 'call';
      call: Call;
    };
export type Profile = 'iommu-uapi' | 'vfio-nesting' | 'iommufd';
export type Integer = string;
export type Hex = string;

export interface Call {
  op: string;
  argp: Integer;
  args: {
    [k: string]: Integer;
  };
  memory: Segment[];
}
export interface Segment {
  addr: Integer;
  hex: Hex;
  /**
   * Requests only; false means a write to it faults. Default true.
   */
  writable?: boolean;
}
export interface Response {
  /**
   * The id of the request answered; 0 when the line was not a request whose id could be read (then with error).
   */
  id: number;
  result?: Description | CallResult | {} | null;
  error?: {
    message: string;
  };
}
export interface Description {
  name: string;
  protocol?: 1;
  profiles: {
    [k: string]: {
      kernel?: string;
      structs?: {
        [k: string]: number;
      };
    };
  };
}
export interface CallResult {
  errno?: string;
  ret?: Integer;
  out?: {
    [k: string]: Integer;
  };
  memory?: Segment[];
  unsupported?: true;
  reason?: string;
}
