import { describe, expect, it } from "vitest";
import { vmSize } from "./sizing";

describe("real VM sizes", () => {
  it("scales the seed's types down, within the host", () => {
    expect(vmSize({ memoryMiB: 7680, vcpus: 2 }, 2)).toEqual({ memoryMiB: 128, vcpus: 1 });
    expect(vmSize({ memoryMiB: 15360, vcpus: 4 }, 2)).toEqual({ memoryMiB: 256, vcpus: 2 });
    expect(vmSize({ memoryMiB: 1740, vcpus: 1 }, 2)).toEqual({ memoryMiB: 96, vcpus: 1 });
    expect(vmSize({ memoryMiB: 262144, vcpus: 64 }, 8)).toEqual({ memoryMiB: 1024, vcpus: 8 });
  });
});
