// pkg/token-worker.js, for the `workerUrl` option (a CSP without `worker-src blob:`).
import { tokenWorker } from './token-worker.js';

tokenWorker();
