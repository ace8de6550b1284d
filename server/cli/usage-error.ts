/**
 * A command line refused, with the words to print. In a file of its own: the commands' parsers
 * (export, account) throw it and args.ts imports them, so it cannot live in args.ts without a
 * circular import that works only in one import order.
 */
export class UsageError extends Error {}
