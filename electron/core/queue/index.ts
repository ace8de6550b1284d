// The hall queue's pure rules (issue 17): no I/O, no store. The local queue, the server's claim,
// the dispenser and the display build on these.
export * from './figures';
export * from './next-ticket';
export * from './people-ahead';
export * from './queue-state';
export * from './service-day';
export * from './ticket-numbering';
export * from './wait-estimate';
export * from './window-actions';
