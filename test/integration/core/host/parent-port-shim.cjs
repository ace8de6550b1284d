// Electron's utility process talks to main through `process.parentPort`; under plain Node (a
// test forking dist/electron/core-process.cjs) the fork's IPC channel plays that part, with the
// same message shapes ({ data } for what arrives).
process.parentPort = {
  postMessage: (message) => process.send(message),
  on: (event, listener) => {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
};
