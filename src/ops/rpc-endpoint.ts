/** The endpoint rule lives beside connectRpc, which applies it; the verifier page asks it before connecting. */
export { endpointProblem, type EndpointRule } from "../chain/rpc.js";
