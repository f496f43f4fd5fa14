/**
 * The Node.js (V8) flags Accord's server runs with: `npm start` passes them (package.json, checked by a test),
 * and so do the benches' deployment shape, the cluster test and the browser journeys' server. Worker
 * processes inherit them (node:cluster forks with the primary's `execArgv`).
 *
 * `--max-semi-space-size=64` (MB; V8's default is 16): the young generation a busy server allocates into.
 * With the default, the objects of the requests and batches in flight (a filing batch lives ~10–20 ms) were
 * still alive at each scavenge, so they were copied and promoted, and the old generation collected them.
 * Measured on intake (bench/README.md, "Seventh pass"): server CPU per filing 1.02 → 0.64 ms with one worker,
 * the garbage collector's share of the server thread 20 → 6 %. The cost is memory: up to 3 × 64 MB of young
 * generation per process, used only as the load needs it.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
