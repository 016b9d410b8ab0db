// Tests run on the embedded wasm backend unless CONVERGE_BACKEND names another. On a machine with a GPU the automatic
// choice takes webgpu, where the tests that read tensors synchronously (dataSync, to check values) cannot run; the
// webgpu tests ask for that backend by name, and the tests of the automatic choice lift this pin while they run.
process.env.CONVERGE_BACKEND ??= 'wasm';
