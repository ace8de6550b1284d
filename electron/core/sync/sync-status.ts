/**
 * The StatusSource id under which the sync side reports (today the upstream watch, from issue 16
 * the sync client): health puts this source's report in `Health['sync']`, not in the device list.
 */
export const SYNC_STATUS_ID = 'sync';

/** What the status bar calls it. */
export const SYNC_STATUS_LABEL = '上级平台';
