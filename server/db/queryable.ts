import type { Pool, PoolClient } from 'pg';

/** A pool or a client inside the caller's transaction: whatever can run a query. */
export type Queryable = Pool | PoolClient;
