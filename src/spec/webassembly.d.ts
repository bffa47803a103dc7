// The few WebAssembly globals src/spec/keccak-batch.ts uses. Node has them; @types/node 22 does not
// declare them, and lib "dom" would declare far more than Node has.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(deltaPages: number): number;
  }
}
