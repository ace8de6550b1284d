// The sync wire (DESIGN.md, "Sync"): what a window and the upstream server (server/) send each
// other. Both ends validate with these schemas; neither end's implementation lives here.
export * from './codes';
export * from './enrolment';
export * from './health';
export * from './paths';
export * from './pull';
export * from './push';
export * from './sync-event';
