// Where the sync wire's requests go (DESIGN.md, "Sync"). Both ends take the paths from here: the
// window's sync client joins them to the config file's `sync.url`, the server (server/) mounts
// its routes on them.

/**
 * The wire's version, the first segment of every path. A change that an older window or server
 * would misread (a field renamed, a meaning changed) gets a new version and new paths, served
 * beside the old ones until every window of the hall is updated; adding an optional field does not.
 */
export const SYNC_WIRE_VERSION = 'v1';

/**
 * The upstream's endpoints, as paths appended to the `sync.url` of a window's config file
 * (`https://sync.jq.example/counter` + `/v1/push`), so a server may sit under a path of its own.
 * All are `POST` with a JSON body; push and pull carry the window's enrolment token
 * (ENROLMENT_TOKEN_HEADER):
 * - `enrol`: an EnrolRequest in (no token), an EnrolResponse back (enrolment.ts);
 * - `push`: a PushBatch in, a PushAck back (push.ts);
 * - `pull`: a PullRequest in, a PullResponse back (pull.ts).
 * Errors answer a SyncErrorBody (enrolment.ts). `GET /health` (unversioned) answers 200 when the
 * server can serve.
 */
export const SYNC_PATHS = {
  enrol: `/${SYNC_WIRE_VERSION}/enrol`,
  push: `/${SYNC_WIRE_VERSION}/push`,
  pull: `/${SYNC_WIRE_VERSION}/pull`,
  health: '/health',
} as const;
