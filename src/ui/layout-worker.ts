/**
 * ELK's layout worker (elkjs): loading it in a worker makes it answer the page's layout requests
 * (it sets the worker's onmessage itself). Bundled at build time like every other asset.
 */
import "elkjs/lib/elk-worker.min.js";
