// Worker threads start without the TypeScript loader the main thread has: register tsx, then load the
// worker itself.
import { register } from "tsx/esm/api";

register();
await import("./hash-worker.ts");
