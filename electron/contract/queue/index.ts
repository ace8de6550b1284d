// The hall queue (排队叫号, issue 17; DOMAIN.md "Queue"): categories, tickets, the hall's policy
// and the actions a window takes. Dispensers, windows, the hall display and the server all
// validate with these schemas; the rules that use them are in core/queue/.
export * from './category';
export * from './figures';
export * from './hall-wire';
export * from './keypad';
export * from './methods-queue';
export * from './policy';
export * from './ticket';
export * from './ticket-words';
export * from './window-actions';
