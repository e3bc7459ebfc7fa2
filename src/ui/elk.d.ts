/** elkjs's worker script has no type declarations: it is loaded only for its effect. */
declare module "elkjs/lib/elk-worker.min.js";
