// How a window proves who it is to the upstream (DESIGN.md, "Sync"): its own enrolment token,
// from the `sync.enrolmentToken` of its config file, on every push and pull.

/**
 * The HTTP header that carries the window's enrolment token, on every push and pull (lower case,
 * as Node and HTTP/2 spell header names). The server knows which hall and window each token
 * belongs to, so a window can push only as itself.
 */
export const ENROLMENT_TOKEN_HEADER = 'x-counter-enrolment-token';

