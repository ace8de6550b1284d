// The few parts of pouchdb-node the sync bench uses (bench/sync.ts). @types/pouchdb-node brings
// @types/pouchdb-core's global declarations, which retype Node's Buffer for the whole project
// (Buffer stops being a Uint8Array to the compiler), so only this much is declared here.
declare module 'pouchdb-node' {
  interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    doc_write_failures: number;
  }
  class PouchDB {
    constructor(name: string);
    bulkDocs(docs: ReadonlyArray<Record<string, unknown>>): Promise<unknown[]>;
    close(): Promise<void>;
    static replicate(source: PouchDB | string, target: PouchDB | string, options?: { batch_size?: number; batches_limit?: number }): Promise<ReplicationResult>;
  }
  export default PouchDB;
}
