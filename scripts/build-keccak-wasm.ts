/**
 * Assembles src/spec/keccak-wat.ts into src/spec/keccak-wasm.generated.ts (npm run build:keccak).
 * test/spec/keccak-batch.test.ts fails when the committed module is not what this script produces.
 */
import { writeFile } from "node:fs/promises";
import { assembleKeccakWasm, generatedKeccakModule } from "./keccak-assemble.js";

const bytes = await assembleKeccakWasm();
await writeFile("src/spec/keccak-wasm.generated.ts", generatedKeccakModule(bytes));
console.log(`wrote src/spec/keccak-wasm.generated.ts (${bytes.length} bytes of WebAssembly)`);
